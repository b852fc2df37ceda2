#pragma once

// Key agreement as NIP-04 and NIP-44 define it: the x-coordinate of a·B,
// unhashed (libsecp256k1's default ECDH would hash it with SHA-256).

#include "nostr/keys.hpp"
#include "nostr/secret_bytes.hpp"

namespace l402d::nostr {

// The 32-byte x-coordinate of `a`·`b`. The same for (a, B) and (b, A). The
// x-only key is lifted to its even-y point; y does not change the x of a·B.
SecretBytes<32> shared_x(const SecretKey& a, const PublicKey& b);

}  // namespace l402d::nostr
