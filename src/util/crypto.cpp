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
#include <pthread.h>

#include <array>
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

namespace {

void rand_bytes(std::uint8_t* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no secure randomness available");
  }
}

// RAND_bytes costs about 0.7 us per call whatever the size, more under load
// (DRBG locks and bookkeeping, and a fork check that is a getpid() system
// call; bench/lightning/challenge_bench BM_RandBytesCall), and every 402 needs
// two values. So each thread draws 4 KiB at a time from OpenSSL and
// hands it out; bytes are wiped from the buffer as they are handed out, and a
// forked child drops the buffer it inherited so that it never repeats its
// parent's values.
struct RandomBuffer {
  std::array<std::uint8_t, 4096> bytes{};
  std::size_t next = bytes.size();  // empty
  ~RandomBuffer() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};
thread_local RandomBuffer t_random;
constexpr std::size_t kBufferedUpTo = 256;

void drop_inherited_randomness() {
  OPENSSL_cleanse(t_random.bytes.data(), t_random.bytes.size());
  t_random.next = t_random.bytes.size();
}

}  // namespace

void random_bytes(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  static const int registered = pthread_atfork(nullptr, nullptr, drop_inherited_randomness);
  if (registered != 0) throw std::runtime_error("pthread_atfork failed");
  if (out.size() > kBufferedUpTo) {
    rand_bytes(out.data(), out.size());
    return;
  }
  auto& b = t_random;
  if (b.bytes.size() - b.next < out.size()) {
    rand_bytes(b.bytes.data(), b.bytes.size());
    b.next = 0;
  }
  std::memcpy(out.data(), b.bytes.data() + b.next, out.size());
  OPENSSL_cleanse(b.bytes.data() + b.next, out.size());
  b.next += out.size();
}

bool constant_time_equal(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void secure_wipe(std::span<std::uint8_t> data) {
  OPENSSL_cleanse(data.data(), data.size());
}

}  // namespace l402d
