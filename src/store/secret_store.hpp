#pragma once

// Named server secrets kept in the store (the root-key secret, the MPP binding
// key, the builtin node's key), so that every instance sharing one database
// signs and verifies with the same ones: a token minted at one instance is
// good at another. The first instance to ask creates a secret; every later
// ask, from any process, gets that one (docs/store.md).

#include <cstddef>
#include <string_view>

#include "store/store_error.hpp"
#include "util/bytes.hpp"

namespace l402d::store {

class SecretStore {
 public:
  virtual ~SecretStore() = default;
  // The secret called `name`, created with `size` fresh random bytes when the
  // store has none. Race-free across processes: of two first asks, one insert
  // wins and both return its bytes. Throws StoreError(corrupt) when the stored
  // secret is not `size` bytes long, and std::invalid_argument for an empty
  // name or a size of 0. The caller wipes the bytes it gets.
  virtual Bytes secret(std::string_view name, std::size_t size) = 0;
};

// For implementations: `size` random bytes to offer as the secret `name`;
// throws std::invalid_argument for an empty name or a size of 0.
Bytes fresh_secret(std::string_view name, std::size_t size);
// Throws StoreError(corrupt) naming the secret when `stored` is not `size` long.
void check_secret(const Bytes& stored, std::string_view name, std::size_t size);

}  // namespace l402d::store
