#include "nostr/ecdh.hpp"

#include <secp256k1_ecdh.h>

#include <cstring>
#include <stdexcept>

#include "nostr/secp_context.hpp"

namespace l402d::nostr {
namespace {

int copy_x(unsigned char* output, const unsigned char* x32, const unsigned char* /*y32*/,
           void* /*data*/) {
  std::memcpy(output, x32, 32);
  return 1;
}

}  // namespace

SecretBytes<32> shared_x(const SecretKey& a, const PublicKey& b) {
  const auto* ctx = detail::secp_context();
  std::array<std::uint8_t, 33> compressed{0x02};
  std::copy(b.bytes().begin(), b.bytes().end(), compressed.begin() + 1);
  secp256k1_pubkey point;
  SecretBytes<32> out;
  // Both keys were validated when they were made, so neither call can fail.
  if (secp256k1_ec_pubkey_parse(ctx, &point, compressed.data(), compressed.size()) != 1 ||
      secp256k1_ecdh(ctx, out.data(), &point, a.bytes().data(), copy_x, nullptr) != 1) {
    throw std::logic_error("nostr: ECDH failed on validated keys");
  }
  return out;
}

}  // namespace l402d::nostr
