#pragma once

// HKDF-SHA256 (RFC 5869), in the two halves NIP-44 uses separately.

#include <span>

#include "nostr/secret_bytes.hpp"
#include "util/bytes.hpp"

namespace l402d::nostr {

// HKDF-Extract(salt, ikm): the pseudorandom key.
SecretBytes<32> hkdf_sha256_extract(ByteView salt, ByteView ikm);

// HKDF-Expand(prk, info) filling `out` (at most 255 * 32 bytes).
void hkdf_sha256_expand(std::span<const std::uint8_t, 32> prk, ByteView info,
                        std::span<std::uint8_t> out);

}  // namespace l402d::nostr
