#include "nostr/keys.hpp"

#include <secp256k1_extrakeys.h>

#include "nostr/secp_context.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::nostr {

using detail::secp_context;

std::optional<PublicKey> PublicKey::from_bytes(ByteView x) {
  if (x.size() != 32) return std::nullopt;
  // The parse performs BIP-340's lift_x: it fails for x >= p and for x with
  // no point on the curve (points of the twist included).
  secp256k1_xonly_pubkey parsed;
  if (secp256k1_xonly_pubkey_parse(secp_context(), &parsed, x.data()) != 1) return std::nullopt;
  std::array<std::uint8_t, 32> out;
  std::copy(x.begin(), x.end(), out.begin());
  return PublicKey(out);
}

std::optional<PublicKey> PublicKey::from_hex(std::string_view hex) {
  std::array<std::uint8_t, 32> x;
  if (hex.size() != 64 || !from_hex_exact(hex, x)) return std::nullopt;
  return from_bytes(x);
}

std::string PublicKey::hex() const {
  return to_hex(x_);
}

std::optional<SecretKey> SecretKey::from_scalar(const SecretBytes<32>& scalar) {
  secp256k1_keypair keypair;
  if (secp256k1_keypair_create(secp_context(), &keypair, scalar.data()) != 1) {
    return std::nullopt;  // zero or not below the group order
  }
  secp256k1_xonly_pubkey xonly;
  std::array<std::uint8_t, 32> x;
  const bool ok = secp256k1_keypair_xonly_pub(secp_context(), &xonly, nullptr, &keypair) == 1 &&
                  secp256k1_xonly_pubkey_serialize(secp_context(), x.data(), &xonly) == 1;
  secure_wipe({reinterpret_cast<std::uint8_t*>(&keypair), sizeof keypair});
  if (!ok) return std::nullopt;
  return SecretKey(scalar, PublicKey::from_bytes(x).value());
}

SecretKey SecretKey::generate() {
  // A uniform 256-bit value is out of range with probability below 2^-127; the
  // loop is for the proof, not for practice.
  for (;;) {
    SecretBytes<32> scalar;
    random_bytes(scalar.writable());
    if (auto key = from_scalar(scalar)) return *std::move(key);
  }
}

std::optional<SecretKey> SecretKey::from_bytes(ByteView bytes) {
  if (bytes.size() != 32) return std::nullopt;
  return from_scalar(SecretBytes<32>(bytes.first<32>()));
}

std::optional<SecretKey> SecretKey::from_hex(std::string_view hex) {
  SecretBytes<32> scalar;
  if (hex.size() != 64 || !from_hex_exact(hex, scalar.writable())) return std::nullopt;
  return from_scalar(scalar);
}

}  // namespace l402d::nostr
