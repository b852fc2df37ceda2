#include <algorithm>
#include <cstring>
#include <optional>

#include "bolt11/amount.hpp"
#include "bolt11/bech32.hpp"
#include "bolt11/codec.hpp"
#include "bolt11/fields.hpp"
#include "bolt11/signature.hpp"
#include "bolt11/signing_payload.hpp"

namespace l402d::bolt11 {
namespace {

using Words = std::span<const std::uint8_t>;

DecodeError from_bech32(Bech32Error e) {
  switch (e) {
    case Bech32Error::too_long:
      return DecodeError::too_long;
    case Bech32Error::bad_checksum:
      return DecodeError::bad_checksum;
    case Bech32Error::no_separator:
    case Bech32Error::bad_char:
    case Bech32Error::mixed_case:
      return DecodeError::bad_bech32;
  }
  return DecodeError::bad_bech32;
}

Expected<Bech32, DecodeError> decode_envelope(std::string_view text, std::size_t max_length) {
  // The cap is checked here, before bech32 touches a single character.
  if (text.size() > max_length) return unexpected(DecodeError::too_long);
  auto b = bech32_decode(text, max_length);
  if (!b) return unexpected(from_bech32(b.error()));
  if (b->words.size() < field::kTimestampWords + field::kSignatureWords) {
    return unexpected(DecodeError::too_short);
  }
  return std::move(b).value();
}

// Longest prefixes first: "lnbc" is a prefix of "lnbcrt", "lntb" of "lntbs".
std::optional<std::pair<Network, std::string_view>> split_hrp(std::string_view hrp) {
  for (const Network n : {Network::regtest, Network::signet, Network::mainnet, Network::testnet}) {
    const std::string_view p = hrp_prefix(n);
    if (hrp.starts_with(p)) return std::pair{n, hrp.substr(p.size())};
  }
  return std::nullopt;
}

// Big-endian base-32 integer; nullopt when non-minimal (leading zero word) or over 64 bits.
std::optional<std::uint64_t> read_uint(Words w) {
  if (!w.empty() && w[0] == 0) return std::nullopt;
  std::uint64_t v = 0;
  for (const std::uint8_t x : w) {
    if (v >> 59 != 0) return std::nullopt;
    v = (v << 5) | x;
  }
  return v;
}

template <std::size_t N>
std::array<std::uint8_t, N> read_array(Words w) {
  std::array<std::uint8_t, N> out{};
  words_to_bytes(w, out);
  return out;
}

std::uint64_t read_be(const std::uint8_t* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i)
    v = (v << 8) | p[i];
  return v;
}

bool is_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto byte = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    const unsigned char c = byte(i);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      len = 2, cp = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3, cp = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (s.size() - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((byte(i + k) & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (byte(i + k) & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

bool valid_fallback(std::uint8_t version, std::size_t size) {
  if (version == 17 || version == 18) return size == 20;  // P2PKH, P2SH
  if (version == 0) return size == 20 || size == 32;      // P2WPKH, P2WSH
  return size >= 2 && size <= 40;                         // BIP-141 future versions
}

Expected<std::vector<RouteHop>, DecodeError> read_route(Words w) {
  const std::size_t n_bytes = bytes_for_words(w.size());
  if (n_bytes == 0 || n_bytes % field::kRouteHopBytes != 0) {
    return unexpected(DecodeError::bad_field);
  }
  std::uint8_t buf[field::kMaxFieldWords * 5 / 8];
  words_to_bytes(w, std::span(buf, n_bytes));
  std::vector<RouteHop> hops(n_bytes / field::kRouteHopBytes);
  const std::uint8_t* p = buf;
  for (RouteHop& hop : hops) {
    if (p[0] != 2 && p[0] != 3) return unexpected(DecodeError::bad_field);
    std::memcpy(hop.pubkey.data(), p, hop.pubkey.size());
    hop.short_channel_id = read_be(p + 33, 8);
    hop.fee_base_msat = static_cast<std::uint32_t>(read_be(p + 41, 4));
    hop.fee_proportional_millionths = static_cast<std::uint32_t>(read_be(p + 45, 4));
    hop.cltv_expiry_delta = static_cast<std::uint16_t>(read_be(p + 49, 2));
    p += field::kRouteHopBytes;
  }
  return hops;
}

// Bit 0 is the least significant bit of the last word.
Expected<std::vector<std::uint16_t>, DecodeError> read_features(Words w) {
  if (!w.empty() && w[0] == 0) return unexpected(DecodeError::bad_field);  // non-minimal
  std::vector<std::uint16_t> bits;
  for (std::size_t i = w.size(); i-- > 0;) {
    const std::size_t base = (w.size() - 1 - i) * 5;
    for (unsigned b = 0; b < 5; ++b) {
      if (w[i] >> b & 1) bits.push_back(static_cast<std::uint16_t>(base + b));
    }
  }
  return bits;
}

}  // namespace

Expected<Invoice, DecodeError> decode(std::string_view text) {
  return decode(text, {});
}

Expected<Invoice, DecodeError> decode(std::string_view text, const DecodeOptions& options) {
  auto env = decode_envelope(text, options.max_length);
  if (!env) return unexpected(env.error());
  const std::string& hrp = env->hrp;
  const Words words = env->words;

  Invoice inv;
  const auto split = split_hrp(hrp);
  if (!split) return unexpected(DecodeError::unknown_network);
  inv.network = split->first;
  const auto amount = parse_amount(split->second);
  if (!amount) return unexpected(DecodeError::bad_amount);
  inv.amount_msat = *amount;

  inv.timestamp = 0;
  for (std::size_t i = 0; i < field::kTimestampWords; ++i)
    inv.timestamp = inv.timestamp << 5 | words[i];

  const std::size_t data_end = words.size() - field::kSignatureWords;
  bool have_hash = false, have_secret = false, have_payee = false;
  bool have_expiry = false, have_cltv = false, have_features = false;
  std::size_t pos = field::kTimestampWords;
  while (pos < data_end) {
    if (data_end - pos < field::kHeaderWords) return unexpected(DecodeError::bad_field);
    const std::uint8_t type = words[pos];
    const std::size_t len = std::size_t{words[pos + 1]} << 5 | words[pos + 2];
    pos += field::kHeaderWords;
    if (len > data_end - pos) return unexpected(DecodeError::bad_field);
    const Words w = words.subspan(pos, len);
    pos += len;

    // Single-valued fields: the first well-formed one wins. p/h/s/n of the wrong
    // length are skipped, as vector "fields which must be ignored" requires.
    switch (type) {
      case field::kPaymentHash:
        if (len == field::kHash32Words && !have_hash) {
          inv.payment_hash = read_array<32>(w);
          have_hash = true;
        }
        break;
      case field::kPaymentSecret:
        if (len == field::kHash32Words && !have_secret) {
          inv.payment_secret = read_array<32>(w);
          have_secret = true;
        }
        break;
      case field::kDescriptionHash:
        if (len == field::kHash32Words && !inv.description_hash) {
          inv.description_hash = read_array<32>(w);
        }
        break;
      case field::kPayee:
        if (len == field::kPubkeyWords && !have_payee) {
          inv.payee = read_array<33>(w);
          have_payee = true;
        }
        break;
      case field::kDescription:
        if (!inv.description) {
          std::string d(bytes_for_words(len), '\0');
          words_to_bytes(w, std::span(reinterpret_cast<std::uint8_t*>(d.data()), d.size()));
          if (!is_utf8(d)) return unexpected(DecodeError::bad_description);
          inv.description = std::move(d);
        }
        break;
      case field::kMetadata:
        if (!inv.metadata) inv.metadata = words_to_bytes(w);
        break;
      case field::kExpiry: {
        const auto v = read_uint(w);
        if (!v) return unexpected(DecodeError::bad_field);
        if (!have_expiry) inv.expiry_seconds = *v, have_expiry = true;
        break;
      }
      case field::kMinFinalCltv: {
        const auto v = read_uint(w);
        if (!v) return unexpected(DecodeError::bad_field);
        if (!have_cltv) inv.min_final_cltv_expiry_delta = *v, have_cltv = true;
        break;
      }
      case field::kFeatures: {
        auto bits = read_features(w);
        if (!bits) return unexpected(bits.error());
        if (!have_features) inv.feature_bits = std::move(bits).value(), have_features = true;
        break;
      }
      case field::kFallback: {
        if (len == 0) return unexpected(DecodeError::bad_field);
        const std::uint8_t version = w[0];
        if (version > 18) break;  // unknown version: MUST skip
        Bytes program = words_to_bytes(w.subspan(1));
        if (!valid_fallback(version, program.size())) return unexpected(DecodeError::bad_field);
        inv.fallbacks.push_back(Fallback{version, std::move(program)});
        break;
      }
      case field::kRoute: {
        auto hops = read_route(w);
        if (!hops) return unexpected(hops.error());
        inv.routes.push_back(std::move(hops).value());
        break;
      }
      default:
        break;  // unknown types are skipped so that new fields stay backward compatible
    }
  }

  if (!have_hash) return unexpected(DecodeError::missing_payment_hash);
  if (!have_secret) return unexpected(DecodeError::missing_payment_secret);
  if (inv.description.has_value() == inv.description_hash.has_value()) {
    return unexpected(DecodeError::bad_description);
  }
  for (const std::uint16_t bit : inv.feature_bits) {
    if (bit % 2 == 0 && !is_known_feature(bit)) {
      return unexpected(DecodeError::unknown_required_feature);
    }
  }

  // The signature last: it is the only expensive step, so malformed input is
  // refused before any elliptic-curve work.
  RecoverableSignature sig{};
  words_to_bytes(words.subspan(data_end), sig);
  const Hash32 digest = signing_hash(hrp, words.first(data_end));
  if (have_payee) {
    if (!verify_low_s(digest, sig, inv.payee)) return unexpected(DecodeError::bad_signature);
    inv.include_payee_field = true;
  } else {
    const auto key = recover_public_key(digest, sig);
    if (!key) return unexpected(DecodeError::unrecoverable_signature);
    inv.payee = *key;
  }
  return inv;
}

Expected<Bytes, DecodeError> signing_payload(std::string_view text) {
  auto env = decode_envelope(text, SIZE_MAX);
  if (!env) return unexpected(env.error());
  const Words words = env->words;
  return build_signing_payload(env->hrp, words.first(words.size() - field::kSignatureWords));
}

}  // namespace l402d::bolt11
