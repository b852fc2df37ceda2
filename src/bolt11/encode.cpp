#include <algorithm>
#include <stdexcept>

#include "bolt11/amount.hpp"
#include "bolt11/bech32.hpp"
#include "bolt11/codec.hpp"
#include "bolt11/fields.hpp"
#include "bolt11/signature.hpp"
#include "bolt11/signing_payload.hpp"

namespace l402d::bolt11 {
namespace {

constexpr std::string_view kTagChars = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

int tag_value(char c) {
  const auto i = kTagChars.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& words) : w_(words) {}

  void header(std::uint8_t type, std::size_t len) {
    if (len > field::kMaxFieldWords) throw std::invalid_argument("bolt11: field over 1023 words");
    w_.push_back(type);
    w_.push_back(static_cast<std::uint8_t>(len >> 5));
    w_.push_back(static_cast<std::uint8_t>(len & 31));
  }

  void bytes_field(std::uint8_t type, ByteView bytes) {
    header(type, words_for_bytes(bytes.size()));
    bytes_to_words_append(w_, bytes);
  }

  // Minimal big-endian base-32: no leading zero words; 0 is the empty field.
  void uint_field(std::uint8_t type, std::uint64_t v) {
    std::size_t n = 0;
    for (std::uint64_t t = v; t != 0; t >>= 5)
      ++n;
    header(type, n);
    for (std::size_t i = n; i-- > 0;)
      w_.push_back(static_cast<std::uint8_t>((v >> (5 * i)) & 31));
  }

  void fallback(const Fallback& f) {
    if (f.version > 31) throw std::invalid_argument("bolt11: fallback version over 31");
    header(field::kFallback, 1 + words_for_bytes(f.program.size()));
    w_.push_back(f.version);
    bytes_to_words_append(w_, f.program);
  }

  void route(const std::vector<RouteHop>& hops) {
    if (hops.empty()) throw std::invalid_argument("bolt11: empty route");
    Bytes buf(hops.size() * field::kRouteHopBytes);
    std::uint8_t* p = buf.data();
    const auto put = [&p](std::uint64_t v, std::size_t n) {
      for (std::size_t i = n; i-- > 0;)
        *p++ = static_cast<std::uint8_t>(v >> (8 * i));
    };
    for (const RouteHop& h : hops) {
      for (const std::uint8_t b : h.pubkey)
        *p++ = b;
      put(h.short_channel_id, 8);
      put(h.fee_base_msat, 4);
      put(h.fee_proportional_millionths, 4);
      put(h.cltv_expiry_delta, 2);
    }
    bytes_field(field::kRoute, buf);
  }

  void features(const std::vector<std::uint16_t>& bits) {
    std::size_t top = 0;
    for (const std::uint16_t b : bits)
      top = std::max<std::size_t>(top, b);
    const std::size_t n = top / 5 + 1;
    header(field::kFeatures, n);
    const std::size_t start = w_.size();
    w_.resize(start + n, 0);
    for (const std::uint16_t b : bits) {
      w_[start + n - 1 - b / 5] |= static_cast<std::uint8_t>(1u << (b % 5));
    }
  }

 private:
  std::vector<std::uint8_t>& w_;
};

void write_fields(Writer& out, const Invoice& inv, int type, std::string_view order,
                  const PublicKey& payee) {
  const bool listed = order.find(kTagChars[static_cast<std::size_t>(type)]) != order.npos;
  switch (type) {
    case field::kPaymentHash:
      out.bytes_field(field::kPaymentHash, inv.payment_hash);
      break;
    case field::kPaymentSecret:
      out.bytes_field(field::kPaymentSecret, inv.payment_secret);
      break;
    case field::kDescription:
      if (inv.description) out.bytes_field(field::kDescription, as_bytes(*inv.description));
      break;
    case field::kDescriptionHash:
      if (inv.description_hash) out.bytes_field(field::kDescriptionHash, *inv.description_hash);
      break;
    case field::kPayee:
      if (inv.include_payee_field) out.bytes_field(field::kPayee, payee);
      break;
    case field::kMetadata:
      if (inv.metadata) out.bytes_field(field::kMetadata, *inv.metadata);
      break;
    case field::kExpiry:
      if (listed || inv.expiry_seconds != field::kDefaultExpiry) {
        out.uint_field(field::kExpiry, inv.expiry_seconds);
      }
      break;
    case field::kMinFinalCltv:
      if (listed || inv.min_final_cltv_expiry_delta != field::kDefaultMinFinalCltv) {
        out.uint_field(field::kMinFinalCltv, inv.min_final_cltv_expiry_delta);
      }
      break;
    case field::kFallback:
      for (const Fallback& f : inv.fallbacks)
        out.fallback(f);
      break;
    case field::kRoute:
      for (const auto& r : inv.routes)
        out.route(r);
      break;
    case field::kFeatures:
      if (!inv.feature_bits.empty()) out.features(inv.feature_bits);
      break;
    default:
      break;
  }
}

}  // namespace

std::string encode(const Invoice& invoice, const SecretKey& key) {
  return encode(invoice, key, {});
}

std::string encode(const Invoice& inv, const SecretKey& key, const EncodeOptions& options) {
  if (inv.description.has_value() == inv.description_hash.has_value()) {
    throw std::invalid_argument("bolt11: need exactly one of description and description_hash");
  }
  if (inv.timestamp >> 35 != 0) throw std::invalid_argument("bolt11: timestamp over 35 bits");

  std::string hrp(hrp_prefix(inv.network));
  if (inv.amount_msat) append_amount(hrp, *inv.amount_msat);

  // Only an `n` field needs the public key; computing it costs as much as signing.
  const PublicKey payee = inv.include_payee_field ? public_key(key) : PublicKey{};

  std::vector<std::uint8_t> words;
  words.reserve(field::kTimestampWords + 2 * (field::kHeaderWords + field::kHash32Words) +
                (inv.description ? words_for_bytes(inv.description->size()) + 3 : 55) + 64 +
                field::kSignatureWords);
  for (std::size_t i = field::kTimestampWords; i-- > 0;) {
    words.push_back(static_cast<std::uint8_t>((inv.timestamp >> (5 * i)) & 31));
  }

  Writer out(words);
  std::uint32_t done = 0;  // bit per field type already written
  const auto emit = [&](char c) {
    const int t = tag_value(c);
    if (t < 0 || (done >> t & 1)) return;
    done |= 1u << t;
    write_fields(out, inv, t, options.field_order, payee);
  };
  for (const char c : options.field_order)
    emit(c);
  for (const char c : kDefaultFieldOrder)
    emit(c);

  const Hash32 digest = signing_hash(hrp, words);
  const RecoverableSignature sig = sign_recoverable(digest, key);
  bytes_to_words_append(words, sig);

  std::string result;
  result.reserve(hrp.size() + 1 + words.size() + 6);
  bech32_encode_append(result, hrp, words);
  return result;
}

}  // namespace l402d::bolt11
