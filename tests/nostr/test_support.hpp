#pragma once

// Shared helpers for the nostr tests: fixtures and keys from hex.

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "nostr/keys.hpp"

namespace l402d::nostr::test {

inline std::string read_fixture(const std::string& relative) {
  const char* env = std::getenv("L402D_TEST_DATA");
  const std::string root = env != nullptr ? env : L402D_TEST_DATA;
  std::ifstream in(root + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + relative);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline SecretKey secret(std::string_view hex) {
  auto key = SecretKey::from_hex(hex);
  if (!key) throw std::invalid_argument("test secret key is invalid");
  return *std::move(key);
}

inline PublicKey pubkey(std::string_view hex) {
  auto key = PublicKey::from_hex(hex);
  if (!key) throw std::invalid_argument("test public key is invalid");
  return *key;
}

}  // namespace l402d::nostr::test
