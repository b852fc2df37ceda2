#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d {

// Lowercase hex, as Lightning tooling prints hashes and preimages.
std::string to_hex(ByteView data);
// Lowercase hex of `data` appended to `out`.
void append_hex(std::string& out, ByteView data);

// Accepts either case. nullopt on odd length or a non-hex character.
std::optional<Bytes> from_hex(std::string_view hex);

// Decodes exactly out.size() bytes; false (out unspecified) on any mismatch.
bool from_hex_exact(std::string_view hex, std::span<std::uint8_t> out);

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> from_hex_array(std::string_view hex) {
  std::array<std::uint8_t, N> out{};
  if (!from_hex_exact(hex, out)) return std::nullopt;
  return out;
}

}  // namespace l402d
