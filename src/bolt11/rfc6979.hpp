#pragma once

// RFC 6979 deterministic ECDSA nonces (HMAC-SHA256), as a libsecp256k1 nonce
// function. It produces the same nonces as libsecp256k1's own
// secp256k1_nonce_function_rfc6979, so signatures are byte-identical (tested),
// but hashes with OpenSSL, which uses the CPU's SHA instructions: Debian's
// libsecp256k1 0.2 hashes in portable C, and its nonce took about 4.5 of the
// 28 us a BOLT11 signature costs on our machine (docs/benchmarks.md).

namespace l402d::bolt11 {

// Same contract as secp256k1_nonce_function: writes 32 bytes to nonce32 and
// returns 1. msg32 and key32 are 32 bytes; algo16 (16 bytes) and data
// (32 bytes) may be null; counter > 0 asks for the counter-th retry.
int rfc6979_nonce(unsigned char* nonce32, const unsigned char* msg32, const unsigned char* key32,
                  const unsigned char* algo16, void* data, unsigned int counter);

}  // namespace l402d::bolt11
