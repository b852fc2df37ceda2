#pragma once

// The secp256k1 operations BOLT11 needs, over one process-wide context.

#include <array>
#include <cstdint>
#include <optional>

#include "bolt11/invoice.hpp"
#include "util/bytes.hpp"

namespace l402d::bolt11 {

// 64-byte compact r||s followed by the recovery id, as BOLT11 carries it.
using RecoverableSignature = std::array<std::uint8_t, 65>;

// RFC6979 nonce, low-S. Throws std::invalid_argument on an invalid key.
RecoverableSignature sign_recoverable(const Hash32& digest, const SecretKey& key);

// Strict ECDSA verification against `payee`: high-S signatures fail (BOLT11 requires
// low-S when `n` is given). False as well for an unparsable key or signature.
bool verify_low_s(const Hash32& digest, const RecoverableSignature& sig, const PublicKey& payee);

// Public-key recovery with the transmitted recovery id; accepts high-S.
std::optional<PublicKey> recover_public_key(const Hash32& digest, const RecoverableSignature& sig);

// Whether `key` is a valid compressed point (what an `n` field must hold).
bool is_valid_public_key(const PublicKey& key);

}  // namespace l402d::bolt11
