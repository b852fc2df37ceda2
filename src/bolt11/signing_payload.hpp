#pragma once

// What a BOLT11 signature covers: the hrp bytes followed by the data words (up to
// the signature) regrouped into bytes with zero padding, hashed once with SHA-256.

#include <cstdint>
#include <span>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d::bolt11 {

Hash32 signing_hash(std::string_view hrp, std::span<const std::uint8_t> words);
Bytes build_signing_payload(std::string_view hrp, std::span<const std::uint8_t> words);

}  // namespace l402d::bolt11
