#include "store/secret_store.hpp"

#include <stdexcept>
#include <string>

#include "util/crypto.hpp"

namespace l402d::store {

Bytes fresh_secret(std::string_view name, std::size_t size) {
  if (name.empty()) throw std::invalid_argument("store: a secret needs a name");
  if (size == 0) throw std::invalid_argument("store: secret " + std::string(name) + " of 0 bytes");
  Bytes out(size);
  random_bytes(out);
  return out;
}

void check_secret(const Bytes& stored, std::string_view name, std::size_t size) {
  if (stored.size() != size) {
    // The name, never the bytes: they are the secret.
    throw StoreError(StoreError::Kind::corrupt, "store: secret " + std::string(name) + " is " +
                                                    std::to_string(stored.size()) +
                                                    " bytes, expected " + std::to_string(size));
  }
}

}  // namespace l402d::store
