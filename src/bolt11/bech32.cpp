#include "bolt11/bech32.hpp"

#include <array>
#include <stdexcept>

namespace l402d::bolt11 {
namespace {

constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::size_t kChecksumWords = 6;

// Character -> word value, or -1. Upper-case letters map too; case is checked separately.
constexpr std::array<std::int8_t, 128> make_reverse() {
  std::array<std::int8_t, 128> table{};
  for (auto& v : table)
    v = -1;
  for (std::size_t i = 0; i < kCharset.size(); ++i) {
    const char c = kCharset[i];
    table[static_cast<unsigned char>(c)] = static_cast<std::int8_t>(i);
    if (c >= 'a' && c <= 'z')
      table[static_cast<unsigned char>(c - 'a' + 'A')] = static_cast<std::int8_t>(i);
  }
  return table;
}
constexpr auto kReverse = make_reverse();

constexpr std::uint32_t polymod_step(std::uint32_t chk, std::uint8_t value) {
  const std::uint32_t top = chk >> 25;
  chk = ((chk & 0x1ffffff) << 5) ^ value;
  if (top & 1) chk ^= 0x3b6a57b2;
  if (top & 2) chk ^= 0x26508e6d;
  if (top & 4) chk ^= 0x1ea119fa;
  if (top & 8) chk ^= 0x3d4233dd;
  if (top & 16) chk ^= 0x2a1462b3;
  return chk;
}

// `hrp` must be lower case: BIP-173 checksums the lower-cased form.
std::uint32_t hrp_polymod(std::string_view hrp) {
  std::uint32_t chk = 1;
  for (const char c : hrp)
    chk = polymod_step(chk, static_cast<std::uint8_t>(c) >> 5);
  chk = polymod_step(chk, 0);
  for (const char c : hrp)
    chk = polymod_step(chk, static_cast<std::uint8_t>(c) & 31);
  return chk;
}

char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

Expected<Bech32, Bech32Error> bech32_decode(std::string_view text, std::size_t max_length) {
  if (text.size() > max_length) return unexpected(Bech32Error::too_long);
  bool has_lower = false;
  bool has_upper = false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126) return unexpected(Bech32Error::bad_char);
    has_lower |= (c >= 'a' && c <= 'z');
    has_upper |= (c >= 'A' && c <= 'Z');
  }
  if (has_lower && has_upper) return unexpected(Bech32Error::mixed_case);

  // The last '1' separates: BOLT11 amounts may themselves contain '1' digits.
  const std::size_t sep = text.rfind('1');
  if (sep == std::string_view::npos || sep == 0 || text.size() - sep - 1 < kChecksumWords) {
    return unexpected(Bech32Error::no_separator);
  }

  Bech32 out;
  out.hrp.resize(sep);
  for (std::size_t i = 0; i < sep; ++i)
    out.hrp[i] = to_lower(text[i]);

  std::uint32_t chk = hrp_polymod(out.hrp);
  const std::size_t n_data = text.size() - sep - 1;
  out.words.resize(n_data);
  for (std::size_t i = 0; i < n_data; ++i) {
    const std::int8_t v = kReverse[static_cast<unsigned char>(text[sep + 1 + i])];
    if (v < 0) return unexpected(Bech32Error::bad_char);
    out.words[i] = static_cast<std::uint8_t>(v);
    chk = polymod_step(chk, out.words[i]);
  }
  if (chk != 1) return unexpected(Bech32Error::bad_checksum);
  out.words.resize(n_data - kChecksumWords);
  return out;
}

void bech32_encode_append(std::string& out, std::string_view hrp,
                          std::span<const std::uint8_t> words) {
  out.reserve(out.size() + hrp.size() + 1 + words.size() + kChecksumWords);
  out.append(hrp);
  out.push_back('1');
  std::uint32_t chk = hrp_polymod(hrp);
  for (const std::uint8_t w : words) {
    if (w >= 32) throw std::invalid_argument("bech32: word out of range");
    chk = polymod_step(chk, w);
    out.push_back(kCharset[w]);
  }
  for (std::size_t i = 0; i < kChecksumWords; ++i)
    chk = polymod_step(chk, 0);
  chk ^= 1;
  for (std::size_t i = 0; i < kChecksumWords; ++i) {
    out.push_back(kCharset[(chk >> (5 * (kChecksumWords - 1 - i))) & 31]);
  }
}

std::string bech32_encode(std::string_view hrp, std::span<const std::uint8_t> words) {
  std::string out;
  bech32_encode_append(out, hrp, words);
  return out;
}

void bytes_to_words_append(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes) {
  std::uint32_t acc = 0;
  int bits = 0;
  for (const std::uint8_t b : bytes) {
    acc = ((acc << 8) | b) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 31));
    }
  }
  if (bits > 0) out.push_back(static_cast<std::uint8_t>((acc << (5 - bits)) & 31));
}

void words_to_bytes(std::span<const std::uint8_t> words, std::span<std::uint8_t> out) {
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t n = 0;
  for (const std::uint8_t w : words) {
    if (n == out.size()) break;
    acc = ((acc << 5) | w) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<std::uint8_t>((acc >> bits) & 0xff);
    }
  }
}

Bytes words_to_bytes(std::span<const std::uint8_t> words) {
  Bytes out(bytes_for_words(words.size()));
  words_to_bytes(words, out);
  return out;
}

}  // namespace l402d::bolt11
