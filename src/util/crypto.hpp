#pragma once

#include <string_view>

#include "util/bytes.hpp"

namespace l402d {

Hash32 sha256(ByteView data);
inline Hash32 sha256(std::string_view s) {
  return sha256(as_bytes(s));
}

Hash32 hmac_sha256(ByteView key, ByteView message);
inline Hash32 hmac_sha256(ByteView key, std::string_view message) {
  return hmac_sha256(key, as_bytes(message));
}

// Incremental SHA-256 for callers that hash several pieces without concatenating.
class Sha256 {
 public:
  Sha256();
  Sha256& update(ByteView data);
  Sha256& update(std::string_view s) { return update(as_bytes(s)); }
  Hash32 finish();

 private:
  alignas(8) unsigned char state_[112];  // holds an OpenSSL SHA256_CTX
};

// Cryptographically secure random bytes (OpenSSL RAND_bytes, drawn in blocks
// per thread; see crypto.cpp). Throws if the generator fails: minting a token
// with weak randomness must never happen.
void random_bytes(std::span<std::uint8_t> out);

template <std::size_t N>
std::array<std::uint8_t, N> random_array() {
  std::array<std::uint8_t, N> out;
  random_bytes(out);
  return out;
}

// Timing-independent comparison for signatures and secrets.
bool constant_time_equal(ByteView a, ByteView b);

// Overwrites secret material that is about to go out of scope.
void secure_wipe(std::span<std::uint8_t> data);

}  // namespace l402d
