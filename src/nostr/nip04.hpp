#pragma once

// NIP-04 encrypted content (deprecated; nostr-protocol/nips 04.md): AES-256-CBC
// keyed with the unhashed ECDH x-coordinate, written base64(ciphertext) + "?iv="
// + base64(iv). Unauthenticated: only the event signature vouches for it. Used
// only with wallets whose info event offers nothing better.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "nostr/error.hpp"
#include "nostr/keys.hpp"
#include "util/expected.hpp"

namespace l402d::nostr::nip04 {

using Iv = std::array<std::uint8_t, 16>;

// Same ceiling as NIP-44's default, for the same reason.
inline constexpr std::size_t kDefaultMaxContentSize = std::size_t{4} << 20;

// With a random IV.
std::string encrypt(std::string_view plaintext, const SecretKey& sender,
                    const PublicKey& recipient);
// With the given IV: for test vectors only; an IV must never repeat.
std::string encrypt(std::string_view plaintext, const SecretKey& sender, const PublicKey& recipient,
                    const Iv& iv);

// Either side's secret key with the other side's public key.
Expected<std::string, Error> decrypt(std::string_view content, const SecretKey& recipient,
                                     const PublicKey& sender,
                                     std::size_t max_content_size = kDefaultMaxContentSize);

}  // namespace l402d::nostr::nip04
