#include "bolt11/rfc6979.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include "util/crypto.hpp"

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

// K = HMAC_K(V || tag || seed) of RFC 6979 3.2d/f (and 3.2h without a seed).
Hash32 next_key(const Hash32& k, const Hash32& v, std::uint8_t tag, ByteView seed) {
  std::uint8_t message[32 + 1 + 112];
  std::memcpy(message, v.data(), 32);
  message[32] = tag;
  if (!seed.empty()) std::memcpy(message + 33, seed.data(), seed.size());  // 3.2h has none
  const Hash32 out = hmac_sha256(k, ByteView(message, 33 + seed.size()));
  secure_wipe(message);
  return out;
}

}  // namespace

int rfc6979_nonce(unsigned char* nonce32, const unsigned char* msg32, const unsigned char* key32,
                  const unsigned char* algo16, void* data, unsigned int counter) {
  // The seed is key || bits2octets(msg) || data? || algo16?, as libsecp256k1
  // builds it (RFC 6979 3.2d and 3.6 for the extra data).
  std::uint8_t seed[32 + 32 + 32 + 16];
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
  const ByteView seed_view(seed, seed_len);

  Hash32 v;
  Hash32 k;
  v.fill(0x01);                         // 3.2b
  k.fill(0x00);                         // 3.2c
  k = next_key(k, v, 0x00, seed_view);  // 3.2d
  v = hmac_sha256(k, v);                // 3.2e
  k = next_key(k, v, 0x01, seed_view);  // 3.2f
  v = hmac_sha256(k, v);                // 3.2g
  // 3.2h: the first candidate, then one more per retry the signer asks for.
  for (unsigned int i = 0; i <= counter; ++i) {
    if (i > 0) {
      k = next_key(k, v, 0x00, {});
      v = hmac_sha256(k, v);
    }
    v = hmac_sha256(k, v);
  }
  std::memcpy(nonce32, v.data(), 32);
  secure_wipe(seed);
  secure_wipe(k);
  secure_wipe(v);
  return 1;
}

}  // namespace l402d::bolt11
