#include "util/hex.hpp"

namespace l402d {
namespace {

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void append_hex(std::string& out, ByteView data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const std::size_t at = out.size();
  out.resize(at + data.size() * 2);
  for (std::size_t i = 0; i < data.size(); ++i) {
    out[at + 2 * i] = kDigits[data[i] >> 4];
    out[at + 2 * i + 1] = kDigits[data[i] & 0x0f];
  }
}

std::string to_hex(ByteView data) {
  std::string out;
  append_hex(out, data);
  return out;
}

bool from_hex_exact(std::string_view hex, std::span<std::uint8_t> out) {
  if (hex.size() != out.size() * 2) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(hex[2 * i]);
    const int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return true;
}

std::optional<Bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  Bytes out(hex.size() / 2);
  if (!from_hex_exact(hex, out)) return std::nullopt;
  return out;
}

}  // namespace l402d
