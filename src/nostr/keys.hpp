#pragma once

// Nostr keys: BIP-340 x-only public keys and the secret scalars behind them.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "nostr/secret_bytes.hpp"
#include "util/bytes.hpp"

namespace l402d::nostr {

// A 32-byte x-only public key (BIP-340), known to be the x-coordinate of a
// point on the curve; printed as 64 lowercase hex digits, as events carry it.
class PublicKey {
 public:
  // nullopt unless `x` is 32 bytes naming a point on secp256k1.
  static std::optional<PublicKey> from_bytes(ByteView x);
  // 64 hex digits (either case) naming a point on secp256k1.
  static std::optional<PublicKey> from_hex(std::string_view hex);

  const std::array<std::uint8_t, 32>& bytes() const { return x_; }
  std::string hex() const;

  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  explicit PublicKey(const std::array<std::uint8_t, 32>& x) : x_(x) {}
  std::array<std::uint8_t, 32> x_{};
};

// A secret key: a scalar in [1, n-1]. Wiped on destruction; it has no hex
// output and no printing, so it can reach a log only through bytes().
class SecretKey {
 public:
  // From the operating system's CSPRNG (OpenSSL).
  static SecretKey generate();
  // nullopt unless `bytes` is 32 bytes holding a scalar in [1, n-1].
  static std::optional<SecretKey> from_bytes(ByteView bytes);
  // 64 hex digits (either case) holding a scalar in [1, n-1].
  static std::optional<SecretKey> from_hex(std::string_view hex);

  const PublicKey& public_key() const { return public_key_; }
  // The scalar, for the signing and key agreement in this library.
  std::span<const std::uint8_t, 32> bytes() const { return scalar_.view(); }

 private:
  SecretKey(const SecretBytes<32>& scalar, const PublicKey& pub)
      : scalar_(scalar), public_key_(pub) {}
  static std::optional<SecretKey> from_scalar(const SecretBytes<32>& scalar);

  SecretBytes<32> scalar_;
  PublicKey public_key_;
};

}  // namespace l402d::nostr
