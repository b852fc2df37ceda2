#include "util/base64.hpp"

#include <array>

namespace l402d {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::int8_t, 256> make_decode_table() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t)
    v = -1;
  for (int i = 0; i < 64; ++i)
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  t['-'] = 62;  // URL-safe alphabet
  t['_'] = 63;
  return t;
}

constexpr auto kDecode = make_decode_table();

// Written into a buffer sized once: every 402 encodes a few kilobytes.
std::string encode(ByteView data, const char* alphabet, bool pad) {
  const std::size_t full = data.size() / 3;
  const std::size_t rest = data.size() - full * 3;
  const std::size_t tail = rest == 0 ? 0 : (pad ? 4 : rest + 1);
  std::string out(full * 4 + tail, '=');
  char* o = out.data();
  const std::uint8_t* in = data.data();
  for (std::size_t i = 0; i < full; ++i, in += 3, o += 4) {
    const std::uint32_t v = (in[0] << 16) | (in[1] << 8) | in[2];
    o[0] = alphabet[(v >> 18) & 63];
    o[1] = alphabet[(v >> 12) & 63];
    o[2] = alphabet[(v >> 6) & 63];
    o[3] = alphabet[v & 63];
  }
  if (rest != 0) {
    const std::uint32_t v = (in[0] << 16) | (rest == 2 ? in[1] << 8 : 0);
    o[0] = alphabet[(v >> 18) & 63];
    o[1] = alphabet[(v >> 12) & 63];
    if (rest == 2) o[2] = alphabet[(v >> 6) & 63];
  }
  return out;
}

}  // namespace

std::string base64_encode(ByteView data) {
  return encode(data, kAlphabet, true);
}

std::string base64url_encode(ByteView data) {
  return encode(data, kUrlAlphabet, false);
}

std::optional<Bytes> base64_decode(std::string_view text) {
  // Strip padding; then the remaining length decides how many bytes the tail holds.
  std::size_t pad = 0;
  while (!text.empty() && text.back() == '=' && pad < 2) {
    text.remove_suffix(1);
    ++pad;
  }
  if (text.size() % 4 == 1) return std::nullopt;
  if (pad != 0 && (text.size() + pad) % 4 != 0) return std::nullopt;

  // Sized once and filled by index: this runs on every paid request.
  Bytes out(text.size() * 3 / 4);
  std::size_t o = 0;
  std::size_t i = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  // Invalid characters are noticed once at the end, not per group: a loop
  // without an early exit runs about twice as fast, and images arrive here.
  int invalid = 0;
  for (; i + 4 <= text.size(); i += 4) {
    const int a = kDecode[in[i]];
    const int b = kDecode[in[i + 1]];
    const int c = kDecode[in[i + 2]];
    const int d = kDecode[in[i + 3]];
    invalid |= a | b | c | d;
    // Unsigned: an invalid (-1) entry must not make this a negative shift.
    const auto v = (static_cast<std::uint32_t>(a) << 18) | (static_cast<std::uint32_t>(b) << 12) |
                   (static_cast<std::uint32_t>(c) << 6) | static_cast<std::uint32_t>(d);
    out[o++] = static_cast<std::uint8_t>(v >> 16);
    out[o++] = static_cast<std::uint8_t>(v >> 8);
    out[o++] = static_cast<std::uint8_t>(v);
  }
  if (invalid < 0) return std::nullopt;
  std::uint32_t acc = 0;
  int bits = 0;
  for (; i < text.size(); ++i) {
    const int v = kDecode[in[i]];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = static_cast<std::uint8_t>(acc >> bits);
    }
  }
  out.resize(o);
  // Leftover bits are dropped, not checked: Go's non-strict decoders (which
  // go-macaroon and Aperture use) accept non-canonical tails too.
  return out;
}

}  // namespace l402d
