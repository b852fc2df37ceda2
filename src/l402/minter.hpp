#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "l402/identifier.hpp"
#include "l402/macaroon.hpp"
#include "l402/root_keys.hpp"

namespace l402d::l402 {

struct MintOptions {
  std::string service;  // non-empty, no ':', ',', '=' or whitespace
  std::uint8_t tier = 0;
  std::vector<std::string> capabilities;    // the caveat is always emitted, even empty
  std::optional<std::int64_t> valid_until;  // unix seconds
  std::optional<Hash32> request_hash;       // from request_hash(); binds the token
  // Where prices vary per request: what the token was sold for. A token good
  // for several requests covers those that cost at most this.
  std::optional<std::uint64_t> price_msat;
};

struct MintedToken {
  Identifier identifier;
  Macaroon macaroon;
  std::string base64;  // standard, padded: goes into the challenge as is
};

// Mints Aperture-compatible tokens: location "lsat", 66-byte identifier with a
// random token id, caveats in Aperture's order (services, capabilities,
// valid_until) followed by l402d's request binding.
class Minter {
 public:
  explicit Minter(RootKeySource& keys) : keys_(keys) {}

  // Throws std::invalid_argument for bad options (a server bug, not client
  // input) and whatever the key source throws when it cannot persist a key.
  MintedToken mint(const Hash32& payment_hash, const MintOptions& options);

  // The same with a caller-chosen token id (tests, vectors).
  MintedToken mint_with_token_id(const Hash32& payment_hash, const Hash32& token_id,
                                 const MintOptions& options);

  // Whether mint may wait on I/O (the stored-key scheme writes each key with a
  // full sync); when false, callers on an event loop mint inline.
  bool may_block() const { return keys_.new_root_key_blocks(); }

 private:
  RootKeySource& keys_;
};

}  // namespace l402d::l402
