// The low-level SHA256_* functions are used on purpose: HMAC-SHA256 chains over
// short messages (a macaroon is ~6 HMACs of <100 bytes) are dominated by the
// per-call set-up of OpenSSL 3's EVP/EVP_MAC layer (provider fetch, context
// allocation), which costs more than the hashing itself with SHA-NI. These
// functions are deprecated but remain in OpenSSL 3 and use the same
// hardware-accelerated block function.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "util/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>
#include <stdexcept>

namespace l402d {

static_assert(sizeof(SHA256_CTX) <= 112, "Sha256 state buffer too small");

Sha256::Sha256() {
  SHA256_Init(reinterpret_cast<SHA256_CTX*>(state_));
}

Sha256& Sha256::update(ByteView data) {
  SHA256_Update(reinterpret_cast<SHA256_CTX*>(state_), data.data(), data.size());
  return *this;
}

Hash32 Sha256::finish() {
  Hash32 out;
  SHA256_Final(out.data(), reinterpret_cast<SHA256_CTX*>(state_));
  return out;
}

Hash32 sha256(ByteView data) {
  // OpenSSL 3's one-shot SHA256() goes through EVP (a lock and an allocation per
  // call); the low-level context is several times faster on short inputs.
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, data.data(), data.size());
  Hash32 out;
  SHA256_Final(out.data(), &ctx);
  return out;
}

Hash32 hmac_sha256(ByteView key, ByteView message) {
  constexpr std::size_t kBlock = 64;
  std::uint8_t k[kBlock] = {};
  if (key.size() > kBlock) {
    auto hashed = sha256(key);
    std::copy(hashed.begin(), hashed.end(), k);
  } else if (!key.empty()) {
    std::memcpy(k, key.data(), key.size());
  }
  std::uint8_t pad[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i)
    pad[i] = k[i] ^ 0x36;
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, pad, kBlock);
  SHA256_Update(&ctx, message.data(), message.size());
  Hash32 inner;
  SHA256_Final(inner.data(), &ctx);
  for (std::size_t i = 0; i < kBlock; ++i)
    pad[i] = k[i] ^ 0x5c;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, pad, kBlock);
  SHA256_Update(&ctx, inner.data(), inner.size());
  Hash32 out;
  SHA256_Final(out.data(), &ctx);
  OPENSSL_cleanse(k, sizeof k);
  OPENSSL_cleanse(pad, sizeof pad);
  return out;
}

void random_bytes(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no secure randomness available");
  }
}

bool constant_time_equal(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void secure_wipe(std::span<std::uint8_t> data) {
  OPENSSL_cleanse(data.data(), data.size());
}

}  // namespace l402d
