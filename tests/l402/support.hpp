#pragma once

// Shared fixtures for the L402 tests: the cross-checked vector and in-memory
// fakes of the storage interfaces.

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "l402/key_store.hpp"
#include "l402/root_keys.hpp"
#include "util/hex.hpp"

namespace l402d::l402::test {

inline std::string data_path(const std::string& name) {
  const char* dir = std::getenv("L402D_TEST_DATA");
  return std::string(dir != nullptr ? dir : L402D_TEST_DATA) + "/" + name;
}

struct Vector {
  Hash32 root_key, preimage, payment_hash, token_id, id_hash, derived_key, sig0, signature;
  Hash32 attenuated_signature, paid_signature;
  Bytes identifier, macaroon;
  std::string macaroon_b64, attenuated_b64;
  Bytes paid;
};

inline Hash32 h32(const boost::json::object& o, const char* key) {
  return *from_hex_array<32>(std::string(o.at(key).as_string()));
}

inline Vector load_vector() {
  std::ifstream in(data_path("l402-test-vector.json"));
  std::stringstream ss;
  ss << in.rdbuf();
  const auto o = boost::json::parse(ss.str()).as_object();
  Vector v;
  v.root_key = h32(o, "root_key");
  v.preimage = h32(o, "preimage");
  v.payment_hash = h32(o, "payment_hash");
  v.token_id = h32(o, "token_id");
  v.id_hash = h32(o, "secret_lookup_key_sha256_identifier");
  v.derived_key = h32(o, "derived_key");
  v.sig0 = h32(o, "sig0");
  v.signature = h32(o, "signature");
  v.attenuated_signature = h32(o, "attenuated_signature");
  v.paid_signature = h32(o, "paid_signature");
  v.identifier = *from_hex(std::string(o.at("identifier").as_string()));
  v.macaroon = *from_hex(std::string(o.at("macaroon_hex").as_string()));
  v.macaroon_b64 = std::string(o.at("macaroon_b64").as_string());
  v.attenuated_b64 = std::string(o.at("attenuated_b64").as_string());
  v.paid = *from_hex(std::string(o.at("paid_hex").as_string()));
  return v;
}

class MemoryRootKeyStore : public RootKeyStore {
 public:
  void put_root_key(const Hash32& h, const Hash32& key) override { keys[h] = key; }
  std::optional<Hash32> get_root_key(const Hash32& h) override {
    auto it = keys.find(h);
    if (it == keys.end()) return std::nullopt;
    return it->second;
  }
  bool delete_root_key(const Hash32& h) override { return keys.erase(h) > 0; }
  std::map<Hash32, Hash32> keys;
};

class MemoryRevocationList : public RevocationList {
 public:
  void revoke(const Hash32& id) override { revoked.insert(id); }
  bool is_revoked(const Hash32& id) override { return revoked.count(id) > 0; }
  std::set<Hash32> revoked;
};

// Hands out one fixed root key, as the vector was minted.
class FixedRootKey : public RootKeySource {
 public:
  explicit FixedRootKey(const Hash32& key) : key_(key) {}
  Hash32 new_root_key(const Identifier&) override { return key_; }
  RootKeyLookup root_key(const Identifier&) override { return {KeyStatus::found, key_}; }
  bool revoke(const Identifier&) override { return false; }
  bool new_root_key_blocks() const override { return false; }
  bool root_key_blocks() const override { return false; }

 private:
  Hash32 key_;
};

}  // namespace l402d::l402::test
