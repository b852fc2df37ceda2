#pragma once

// `l402 decode`: what a token, invoice, credential or challenge says, without
// contacting anyone. Secrets are never echoed: for a credential the preimage is
// only checked against the payment hash.

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace l402d::client {

struct DecodeCommandOptions {
  bool json = false;
  std::int64_t now = 0;  // for "expired" / "expires in"
};

// Accepts a macaroon (base64 or hex), a BOLT11 invoice (optionally
// "lightning:"), an `L402 <mac>:<preimage>` credential, or a WWW-Authenticate
// value (optionally with the header name). The error is a message for people.
Expected<boost::json::object, std::string> decode_input(std::string_view input, std::int64_t now);

// The same, rendered as text or JSON (with a trailing newline).
Expected<std::string, std::string> decode_command(std::string_view input,
                                                  const DecodeCommandOptions& options);

}  // namespace l402d::client
