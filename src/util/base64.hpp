#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d {

// Standard alphabet with padding: what Aperture emits and every L402 client reads.
std::string base64_encode(ByteView data);
inline std::string base64_encode(std::string_view text) {
  return base64_encode(as_bytes(text));
}
// URL-safe alphabet without padding (RFC 4648 section 5), as the Payment
// scheme (MPP) writes its request, credential and receipt.
std::string base64url_encode(ByteView data);
inline std::string base64url_encode(std::string_view text) {
  return base64url_encode(as_bytes(text));
}

// Lenient decoder in the manner of go-macaroon's Base64Decode: standard or URL-safe
// alphabet, with or without padding. Rejects whitespace, mixed garbage and
// impossible lengths.
std::optional<Bytes> base64_decode(std::string_view text);

}  // namespace l402d
