#include "access/client_prefix.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

namespace l402d::access {

namespace {

// Zeroes every bit past the first `bits`.
void keep_bits(std::span<std::uint8_t> bytes, int bits) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int from = static_cast<int>(i) * 8;
    if (from >= bits) {
      bytes[i] = 0;
    } else if (bits - from < 8) {
      bytes[i] &= static_cast<std::uint8_t>(0xFF << (8 - (bits - from)));
    }
  }
}

std::string v4_prefix(std::array<std::uint8_t, 4> a, int bits) {
  keep_bits(a, bits);
  char text[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, a.data(), text, sizeof text);
  return std::string(text) + "/" + std::to_string(bits);
}

}  // namespace

std::optional<std::string> client_prefix(std::string_view address, PrefixLengths lengths) {
  const std::string text(address);
  const int v4_bits = std::clamp(lengths.v4, 0, 32);
  const int v6_bits = std::clamp(lengths.v6, 0, 128);
  std::array<std::uint8_t, 4> v4{};
  if (::inet_pton(AF_INET, text.c_str(), v4.data()) == 1) return v4_prefix(v4, v4_bits);
  std::array<std::uint8_t, 16> v6{};
  if (::inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) return std::nullopt;
  constexpr std::array<std::uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::equal(kMapped.begin(), kMapped.end(), v6.begin()))
    return v4_prefix({v6[12], v6[13], v6[14], v6[15]}, v4_bits);
  keep_bits(v6, v6_bits);
  char out[INET6_ADDRSTRLEN];
  ::inet_ntop(AF_INET6, v6.data(), out, sizeof out);
  return std::string(out) + "/" + std::to_string(v6_bits);
}

}  // namespace l402d::access
