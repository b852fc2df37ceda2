#pragma once

// Where encoders put their output, chunk by chunk: a file, a socket, or a
// growing vector. Encoders never hold more than one chunk of encoded bytes.

#include <cstdint>
#include <functional>
#include <span>

namespace l402d::engines::music::audio {

using ByteSink = std::function<void(std::span<const std::uint8_t>)>;

}  // namespace l402d::engines::music::audio
