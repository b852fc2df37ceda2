#include "l402/minter.hpp"

#include <stdexcept>

#include "l402/caveat.hpp"
#include "util/crypto.hpp"

namespace l402d::l402 {

MintedToken Minter::mint(const Hash32& payment_hash, const MintOptions& options) {
  return mint_with_token_id(payment_hash, random_array<32>(), options);
}

MintedToken Minter::mint_with_token_id(const Hash32& payment_hash, const Hash32& token_id,
                                       const MintOptions& options) {
  if (!valid_caveat_name(options.service)) {
    throw std::invalid_argument("Minter: invalid service name");
  }
  for (const std::string& cap : options.capabilities) {
    if (!valid_caveat_name(cap)) throw std::invalid_argument("Minter: invalid capability name");
  }
  if (options.valid_until && *options.valid_until < 0) {
    throw std::invalid_argument("Minter: valid_until must not be negative");
  }

  Identifier id;
  id.payment_hash = payment_hash;
  id.token_id = token_id;
  const IdentifierBytes id_bytes = id.encode();

  Hash32 root = keys_.new_root_key(id);
  Macaroon mac = Macaroon::create(root, id_bytes, kMacaroonLocation);
  secure_wipe(root);

  const ServiceGrant grant{options.service, options.tier};
  mac.add_first_party_caveat(services_caveat(std::span(&grant, 1)));
  mac.add_first_party_caveat(capabilities_caveat(options.service, options.capabilities));
  if (options.valid_until) {
    mac.add_first_party_caveat(valid_until_caveat(options.service, *options.valid_until));
  }
  if (options.request_hash) {
    mac.add_first_party_caveat(request_caveat(options.service, *options.request_hash));
  }
  if (options.price_msat) {
    mac.add_first_party_caveat(price_caveat(options.service, *options.price_msat));
  }
  std::string b64 = mac.to_base64();
  return MintedToken{id, std::move(mac), std::move(b64)};
}

}  // namespace l402d::l402
