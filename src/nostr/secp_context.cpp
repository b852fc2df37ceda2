#include "nostr/secp_context.hpp"

#include <stdexcept>

#include "util/crypto.hpp"

namespace l402d::nostr::detail {

const secp256k1_context* secp_context() {
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

}  // namespace l402d::nostr::detail
