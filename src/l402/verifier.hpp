#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "l402/credential.hpp"
#include "l402/identifier.hpp"
#include "l402/macaroon.hpp"
#include "l402/root_keys.hpp"
#include "l402/verify_error.hpp"
#include "util/expected.hpp"

namespace l402d::l402 {

struct VerifyContext {
  std::string_view service;                    // the service this request is for
  std::int64_t now = 0;                        // unix seconds
  std::optional<Hash32> request_hash;          // required if the token carries a binding
  std::optional<std::string_view> capability;  // checked only when given
  // What this request costs: required if the token carries a price caveat.
  std::optional<std::uint64_t> price_msat = std::nullopt;
};

struct VerifiedToken {
  Identifier identifier;  // identifier.token_id identifies the buyer's token
};

// Verifies credentials in Aperture's order (mint.VerifyL402): decode the
// identifier, check sha256(preimage) == payment hash (cheap, before any key
// lookup), look the root key up, verify the HMAC chain in constant time, refuse
// third-party caveats, then check caveats. No exceptions for hostile input;
// exceptions from the key source (storage I/O) propagate.
class Verifier {
 public:
  explicit Verifier(RootKeySource& keys) : keys_(keys) {}

  Expected<VerifiedToken, VerifyError> verify(const Credential& credential,
                                              const VerifyContext& context) const;

  // Only that this server issued the macaroon and has not revoked it: the
  // identifier, the root key and the signature; no preimage and no caveat
  // conditions. For answering questions about a token nobody has paid yet
  // (the settlement endpoint), never for admitting a request.
  Expected<VerifiedToken, VerifyError> verify_issued(ByteView macaroon) const;

  // Whether verify may wait on I/O (a root key or revocation read from the
  // database); when false it is a few microseconds of CPU, fine on an event loop.
  bool may_block() const { return keys_.root_key_blocks(); }

 private:
  struct Opened {
    MacaroonView view;
    Identifier identifier;
  };
  static Expected<Opened, VerifyError> open(ByteView macaroon);
  std::optional<VerifyError> check_issued(const Opened& token) const;

  RootKeySource& keys_;
};

}  // namespace l402d::l402
