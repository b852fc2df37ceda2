#include "bolt11/signature.hpp"

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <stdexcept>

#include "bolt11/codec.hpp"
#include "bolt11/rfc6979.hpp"
#include "util/crypto.hpp"

namespace l402d::bolt11 {
namespace {

// Created once and then only read: libsecp256k1 documents const-context calls as
// thread-safe, so every thread shares it without locking. Randomisation blinds
// the signing multiplication against side channels.
const secp256k1_context* context() {
  static const secp256k1_context* const ctx = [] {
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (c == nullptr) throw std::runtime_error("secp256k1_context_create failed");
    auto seed = random_array<32>();
    const int ok = secp256k1_context_randomize(c, seed.data());
    secure_wipe(seed);
    if (ok != 1) throw std::runtime_error("secp256k1_context_randomize failed");
    return c;
  }();
  return ctx;
}

PublicKey serialize(const secp256k1_pubkey& pk) {
  PublicKey out{};
  std::size_t len = out.size();
  secp256k1_ec_pubkey_serialize(context(), out.data(), &len, &pk, SECP256K1_EC_COMPRESSED);
  return out;
}

}  // namespace

RecoverableSignature sign_recoverable(const Hash32& digest, const SecretKey& key) {
  secp256k1_ecdsa_recoverable_signature sig;
  // RFC6979, which the official vectors were made with; ours computes the same
  // nonce as the library's default, only faster (rfc6979.hpp).
  if (secp256k1_ecdsa_sign_recoverable(context(), &sig, digest.data(), key.data(), rfc6979_nonce,
                                       nullptr) != 1) {
    throw std::invalid_argument("bolt11: invalid secret key");
  }
  RecoverableSignature out{};
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), out.data(), &recid, &sig);
  out[64] = static_cast<std::uint8_t>(recid);
  return out;
}

bool verify_low_s(const Hash32& digest, const RecoverableSignature& sig, const PublicKey& payee) {
  secp256k1_pubkey pk;
  if (secp256k1_ec_pubkey_parse(context(), &pk, payee.data(), payee.size()) != 1) return false;
  secp256k1_ecdsa_signature s;
  if (secp256k1_ecdsa_signature_parse_compact(context(), &s, sig.data()) != 1) return false;
  // secp256k1_ecdsa_verify rejects non-normalised (high-S) signatures by design.
  return secp256k1_ecdsa_verify(context(), &s, digest.data(), &pk) == 1;
}

std::optional<PublicKey> recover_public_key(const Hash32& digest, const RecoverableSignature& sig) {
  if (sig[64] > 3) return std::nullopt;
  secp256k1_ecdsa_recoverable_signature s;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &s, sig.data(), sig[64]) !=
      1) {
    return std::nullopt;
  }
  secp256k1_pubkey pk;
  if (secp256k1_ecdsa_recover(context(), &pk, &s, digest.data()) != 1) return std::nullopt;
  return serialize(pk);
}

bool is_valid_public_key(const PublicKey& key) {
  secp256k1_pubkey pk;
  return secp256k1_ec_pubkey_parse(context(), &pk, key.data(), key.size()) == 1;
}

PublicKey public_key(const SecretKey& key) {
  secp256k1_pubkey pk;
  if (secp256k1_ec_pubkey_create(context(), &pk, key.data()) != 1) {
    throw std::invalid_argument("bolt11: invalid secret key");
  }
  return serialize(pk);
}

}  // namespace l402d::bolt11
