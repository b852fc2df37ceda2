#pragma once

// Base64 as NIP-44 and NIP-04 write it: RFC 4648's standard alphabet, padded.
// util's decoder is lenient on purpose (macaroons arrive in every variant);
// ciphertext framing is not, and published decoders reject the variants.

#include <optional>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d::nostr {

// nullopt unless `text` is padded standard base64 (length a multiple of 4,
// '=' only as the last one or two characters).
std::optional<Bytes> strict_base64_decode(std::string_view text);

}  // namespace l402d::nostr
