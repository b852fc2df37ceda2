#pragma once

// NIP-44 version 2 encrypted payloads (nostr-protocol/nips 44.md at db5fe3de,
// including #1907: plaintexts of 65536 bytes and more take a 6-byte length
// prefix, up to 2^32 - 1 bytes).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "nostr/error.hpp"
#include "nostr/keys.hpp"
#include "nostr/secret_bytes.hpp"
#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::nostr::nip44 {

using ConversationKey = SecretBytes<32>;
using Nonce = std::array<std::uint8_t, 32>;

inline constexpr std::uint64_t kMaxPlaintextSize = 0xffffffffu;
// 44.md leaves the ceiling on payloads to the implementation ("SHOULD enforce
// their own maximum ... before base64 decoding"). 4 MiB of base64 is ~3 MiB of
// plaintext: far above any NWC reply a relay would carry (they cap events at a
// few hundred KiB) and small enough that a hostile one costs little.
inline constexpr std::size_t kDefaultMaxPayloadSize = std::size_t{4} << 20;

// HKDF-extract(salt "nip44-v2", unhashed ECDH x): the same for (a, B) and (b, A).
ConversationKey conversation_key(const SecretKey& a, const PublicKey& b);

struct MessageKeys {
  SecretBytes<32> chacha_key;
  SecretBytes<12> chacha_nonce;
  SecretBytes<32> hmac_key;
};
// HKDF-expand(conversation key, info = nonce, 76 bytes), sliced 32/12/32.
MessageKeys message_keys(const ConversationKey& key, const Nonce& nonce);

// Length of the padded plaintext (without its prefix); `unpadded_len` >= 1.
std::uint64_t calc_padded_len(std::uint64_t unpadded_len);

// [u16 length | 00 00 u32 length][plaintext][zeros]; invalid_plaintext for an
// empty plaintext or one of 2^32 bytes or more.
Expected<Bytes, Error> pad(std::string_view plaintext);
// The inverse; invalid_padding unless the prefix is canonical and the total
// length is exactly what pad() would have produced.
Expected<std::string, Error> unpad(ByteView padded);

// base64(0x02 || nonce || chacha20(padded) || hmac). The explicit nonce is for
// test vectors; everything else uses the random one.
Expected<std::string, Error> encrypt(std::string_view plaintext, const ConversationKey& key,
                                     const Nonce& nonce);
Expected<std::string, Error> encrypt(std::string_view plaintext, const ConversationKey& key);

// Refuses, in 44.md's order: an empty payload or one above `max_payload_size`
// characters, a leading '#' (unsupported_encryption), fewer than 132
// characters, anything but padded standard base64, fewer than 99 decoded
// bytes, a version other than 2, a MAC that does not match (compared in
// constant time), and a padding pad() would not have written.
Expected<std::string, Error> decrypt(std::string_view payload, const ConversationKey& key,
                                     std::size_t max_payload_size = kDefaultMaxPayloadSize);

}  // namespace l402d::nostr::nip44
