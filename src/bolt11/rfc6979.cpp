// The low-level SHA256_* functions: OpenSSL 3's HMAC through EVP_MAC sets up
// a context per call, which costs more than the few blocks hashed here.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "bolt11/rfc6979.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <span>

namespace l402d::bolt11 {
namespace {

using Block32 = std::array<unsigned char, 32>;

// The group order n of secp256k1, big-endian.
constexpr Block32 kOrder = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                            0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48,
                            0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41};

// bits2octets of RFC 6979 2.3.4: the message as a scalar, reduced mod n once
// (a 256-bit value is below 2n). libsecp256k1 feeds the reduced value too.
Block32 reduce_mod_order(const unsigned char* msg32) {
  Block32 m;
  std::memcpy(m.data(), msg32, 32);
  if (std::memcmp(m.data(), kOrder.data(), 32) < 0) return m;
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    const int d = m[i] - kOrder[i] - borrow;
    borrow = d < 0 ? 1 : 0;
    m[i] = static_cast<unsigned char>(d + (borrow << 8));
  }
  return m;
}

// HMAC-SHA256 with a 32-byte key over up to three pieces.
void hmac(const Block32& key, std::span<const unsigned char> a, std::span<const unsigned char> b,
          std::span<const unsigned char> c, Block32& out) {
  unsigned char pad[64];
  for (std::size_t i = 0; i < 64; ++i)
    pad[i] = static_cast<unsigned char>((i < 32 ? key[i] : 0) ^ 0x36);
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, pad, sizeof pad);
  SHA256_Update(&ctx, a.data(), a.size());
  SHA256_Update(&ctx, b.data(), b.size());
  SHA256_Update(&ctx, c.data(), c.size());
  Block32 inner;
  SHA256_Final(inner.data(), &ctx);
  for (std::size_t i = 0; i < 64; ++i)
    pad[i] = static_cast<unsigned char>((i < 32 ? key[i] : 0) ^ 0x5c);
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, pad, sizeof pad);
  SHA256_Update(&ctx, inner.data(), inner.size());
  SHA256_Final(out.data(), &ctx);
  OPENSSL_cleanse(pad, sizeof pad);
  OPENSSL_cleanse(inner.data(), inner.size());
  OPENSSL_cleanse(&ctx, sizeof ctx);
}

}  // namespace

int rfc6979_nonce(unsigned char* nonce32, const unsigned char* msg32, const unsigned char* key32,
                  const unsigned char* algo16, void* data, unsigned int counter) {
  // The seed is key || bits2octets(msg) || data? || algo16?, as libsecp256k1
  // builds it (RFC 6979 3.2d and 3.6 for the extra data).
  unsigned char seed[32 + 32 + 32 + 16];
  std::size_t seed_len = 0;
  std::memcpy(seed, key32, 32);
  seed_len += 32;
  const Block32 msg = reduce_mod_order(msg32);
  std::memcpy(seed + seed_len, msg.data(), 32);
  seed_len += 32;
  if (data != nullptr) {
    std::memcpy(seed + seed_len, data, 32);
    seed_len += 32;
  }
  if (algo16 != nullptr) {
    std::memcpy(seed + seed_len, algo16, 16);
    seed_len += 16;
  }
  const std::span<const unsigned char> seed_view(seed, seed_len);
  const unsigned char zero[1] = {0x00};
  const unsigned char one[1] = {0x01};
  const std::span<const unsigned char> none;

  Block32 v;
  Block32 k;
  v.fill(0x01);                    // 3.2b
  k.fill(0x00);                    // 3.2c
  hmac(k, v, zero, seed_view, k);  // 3.2d
  hmac(k, v, none, none, v);       // 3.2e
  hmac(k, v, one, seed_view, k);   // 3.2f
  hmac(k, v, none, none, v);       // 3.2g
  // 3.2h: the first candidate, then one more per retry the signer asks for.
  for (unsigned int i = 0; i <= counter; ++i) {
    if (i > 0) {
      hmac(k, v, zero, none, k);
      hmac(k, v, none, none, v);
    }
    hmac(k, v, none, none, v);
  }
  std::memcpy(nonce32, v.data(), 32);
  OPENSSL_cleanse(seed, sizeof seed);
  OPENSSL_cleanse(k.data(), k.size());
  OPENSSL_cleanse(v.data(), v.size());
  return 1;
}

}  // namespace l402d::bolt11
