#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d {

// Standard alphabet with padding: what Aperture emits and every L402 client reads.
std::string base64_encode(ByteView data);

// Lenient decoder in the manner of go-macaroon's Base64Decode: standard or URL-safe
// alphabet, with or without padding. Rejects whitespace, mixed garbage and
// impossible lengths.
std::optional<Bytes> base64_decode(std::string_view text);

}  // namespace l402d
