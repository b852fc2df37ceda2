#include "l402/root_keys.hpp"

#include <stdexcept>

#include "util/crypto.hpp"

namespace l402d::l402 {
namespace {

ByteView checked_secret(ByteView secret) {
  if (secret.size() != kServerSecretSize) {
    throw std::invalid_argument("DerivedRootKeys: the server secret must be 32 bytes");
  }
  return secret;
}

}  // namespace

DerivedRootKeys::DerivedRootKeys(ByteView server_secret, RevocationList& revocations)
    : secret_(checked_secret(server_secret)), revocations_(revocations) {}

Hash32 DerivedRootKeys::derive(const Hash32& token_id) const {
  return secret_.mac(as_bytes(kDerivedRootKeyDomain), token_id);
}

Hash32 DerivedRootKeys::new_root_key(const Identifier& id) {
  return derive(id.token_id);
}

RootKeyLookup DerivedRootKeys::root_key(const Identifier& id) {
  if (revocations_.is_revoked(id.token_id)) return {KeyStatus::revoked, {}};
  return {KeyStatus::found, derive(id.token_id)};
}

bool DerivedRootKeys::revoke(const Identifier& id) {
  revocations_.revoke(id.token_id);
  return true;
}

Hash32 StoredRootKeys::new_root_key(const Identifier& id) {
  Hash32 key = random_array<32>();
  store_.put_root_key(id.hash(), key);
  return key;
}

RootKeyLookup StoredRootKeys::root_key(const Identifier& id) {
  const std::optional<Hash32> key = store_.get_root_key(id.hash());
  if (!key) return {KeyStatus::unknown, {}};
  return {KeyStatus::found, *key};
}

bool StoredRootKeys::revoke(const Identifier& id) {
  return store_.delete_root_key(id.hash());
}

}  // namespace l402d::l402
