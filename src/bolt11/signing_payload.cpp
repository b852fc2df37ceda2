#include "bolt11/signing_payload.hpp"

#include "util/crypto.hpp"

namespace l402d::bolt11 {
namespace {

// Packs words into bytes chunk by chunk (8 words = 5 bytes) and hands each chunk to
// `sink`, so hashing needs no heap buffer.
template <class Sink>
void pack_words(std::span<const std::uint8_t> words, Sink&& sink) {
  std::uint8_t buf[320];
  std::size_t n = 0;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const std::uint8_t w : words) {
    acc = ((acc << 5) | w) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      buf[n++] = static_cast<std::uint8_t>(acc >> bits);
      if (n == sizeof buf) {
        sink(ByteView(buf, n));
        n = 0;
      }
    }
  }
  if (bits > 0) buf[n++] = static_cast<std::uint8_t>(acc << (8 - bits));
  if (n > 0) sink(ByteView(buf, n));
}

}  // namespace

Hash32 signing_hash(std::string_view hrp, std::span<const std::uint8_t> words) {
  Sha256 h;
  h.update(hrp);
  pack_words(words, [&h](ByteView chunk) { h.update(chunk); });
  return h.finish();
}

Bytes build_signing_payload(std::string_view hrp, std::span<const std::uint8_t> words) {
  Bytes out(as_bytes(hrp).begin(), as_bytes(hrp).end());
  out.reserve(hrp.size() + (words.size() * 5 + 7) / 8);
  pack_words(words, [&out](ByteView chunk) { out.insert(out.end(), chunk.begin(), chunk.end()); });
  return out;
}

}  // namespace l402d::bolt11
