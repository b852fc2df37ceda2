#pragma once

// The amount in the human-readable part: decimal bitcoin with an optional
// m/u/n/p multiplier, converted exactly to millisatoshi.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace l402d::bolt11 {

// `text` is what follows the network prefix. nullopt: malformed, zero, a leading
// zero, sub-millisatoshi precision or an overflow. An empty text is "any amount"
// and yields an engaged optional holding nullopt.
std::optional<std::optional<std::uint64_t>> parse_amount(std::string_view text);

// Appends the shortest encoding of `msat` (largest multiplier that is exact).
// Throws std::invalid_argument for 0: the spec requires a positive amount.
void append_amount(std::string& out, std::uint64_t msat);

}  // namespace l402d::bolt11
