#pragma once

// Storage-facing interfaces of the L402 layer. The protocol code depends only on
// these; src/store implements them (Aperture's split between mint.Secrets and
// its secret stores).

#include <optional>

#include "util/bytes.hpp"

namespace l402d::l402 {

// Root keys kept per token, keyed by sha256(identifier) as Aperture keys them.
class RootKeyStore {
 public:
  virtual ~RootKeyStore() = default;
  // Must be on stable storage when it returns: the macaroon signed with this key
  // goes out in a challenge right after, and the client may pay for it.
  virtual void put_root_key(const Hash32& identifier_hash, const Hash32& root_key) = 0;
  virtual std::optional<Hash32> get_root_key(const Hash32& identifier_hash) = 0;
  // Revocation in the stored-key scheme. Returns false if no key was stored.
  virtual bool delete_root_key(const Hash32& identifier_hash) = 0;
};

// Revoked token ids, for the derived-key scheme (nothing is stored per token, so
// revocation is a deny list).
class RevocationList {
 public:
  virtual ~RevocationList() = default;
  virtual void revoke(const Hash32& token_id) = 0;
  virtual bool is_revoked(const Hash32& token_id) = 0;
  // Whether is_revoked may wait on I/O; an in-memory list answers false, and
  // then verification can run on an event loop.
  virtual bool is_revoked_blocks() const { return true; }
};

}  // namespace l402d::l402
