#pragma once

// Fixed-size secret material (keys, shared secrets, derived keys) that is wiped
// when it goes out of scope, copies included. It has no printing and no
// comparison operators, so it cannot end up in a log line or a test failure by
// accident.

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include "util/crypto.hpp"

namespace l402d::nostr {

template <std::size_t N>
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::span<const std::uint8_t, N> bytes) {
    std::copy(bytes.begin(), bytes.end(), bytes_.begin());
  }
  SecretBytes(const SecretBytes&) = default;
  SecretBytes& operator=(const SecretBytes&) = default;
  ~SecretBytes() { secure_wipe(bytes_); }

  static constexpr std::size_t size() { return N; }
  std::span<const std::uint8_t, N> view() const { return bytes_; }
  std::span<std::uint8_t, N> writable() { return bytes_; }
  const std::uint8_t* data() const { return bytes_.data(); }
  std::uint8_t* data() { return bytes_.data(); }

 private:
  std::array<std::uint8_t, N> bytes_{};
};

}  // namespace l402d::nostr
