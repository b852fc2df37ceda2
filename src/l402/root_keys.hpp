#pragma once

// Where the root key of each token comes from. Both schemes make the key that
// verifies a macaroon durable before the challenge carrying it leaves the
// server (a client may pay the moment it sees the invoice):
//
// * DerivedRootKeys (default): root = HMAC-SHA256(server secret,
//   "l402d/root-key/v1" ‖ token id). Only the 32-byte server secret must be
//   durable, written once at first start; nothing is written per challenge.
//   Revocation puts the token id on a RevocationList (deny list).
// * StoredRootKeys (Aperture's scheme): 32 random bytes per token, stored under
//   sha256(identifier) through RootKeyStore::put_root_key, which returns only
//   once the key is on stable storage. Revocation deletes the key.

#include <optional>

#include "l402/hmac_key.hpp"
#include "l402/identifier.hpp"
#include "l402/key_store.hpp"
#include "util/bytes.hpp"

namespace l402d::l402 {

inline constexpr std::string_view kDerivedRootKeyDomain = "l402d/root-key/v1";
inline constexpr std::size_t kServerSecretSize = 32;

enum class KeyStatus { found, unknown, revoked };

struct RootKeyLookup {
  KeyStatus status = KeyStatus::unknown;
  Hash32 key{};  // meaningful only when status == found
};

class RootKeySource {
 public:
  virtual ~RootKeySource() = default;
  // Called by the minter before the challenge is returned. Store-backed sources
  // may throw on I/O failure: then no challenge must be sent.
  virtual Hash32 new_root_key(const Identifier& id) = 0;
  // Called by the verifier. Store errors propagate as exceptions (they are not
  // a property of the credential).
  virtual RootKeyLookup root_key(const Identifier& id) = 0;
  // False when there was nothing to revoke (stored scheme: no key stored).
  virtual bool revoke(const Identifier& id) = 0;
  // Whether new_root_key / root_key may wait on I/O (see Minter::may_block).
  virtual bool new_root_key_blocks() const = 0;
  virtual bool root_key_blocks() const = 0;
};

class DerivedRootKeys final : public RootKeySource {
 public:
  // `server_secret` must be kServerSecretSize bytes (throws std::invalid_argument
  // otherwise: a configuration error, not hostile input).
  DerivedRootKeys(ByteView server_secret, RevocationList& revocations);

  Hash32 new_root_key(const Identifier& id) override;
  RootKeyLookup root_key(const Identifier& id) override;
  bool revoke(const Identifier& id) override;
  bool new_root_key_blocks() const override { return false; }
  bool root_key_blocks() const override { return revocations_.is_revoked_blocks(); }

  Hash32 derive(const Hash32& token_id) const;

 private:
  HmacKey secret_;
  RevocationList& revocations_;
};

class StoredRootKeys final : public RootKeySource {
 public:
  explicit StoredRootKeys(RootKeyStore& store) : store_(store) {}

  Hash32 new_root_key(const Identifier& id) override;
  RootKeyLookup root_key(const Identifier& id) override;
  bool revoke(const Identifier& id) override;
  bool new_root_key_blocks() const override { return true; }
  bool root_key_blocks() const override { return true; }

 private:
  RootKeyStore& store_;
};

}  // namespace l402d::l402
