#pragma once

#include <string>
#include <string_view>

namespace l402d::l402 {

// Why a credential was refused. One code per failing check; the names returned by
// to_string() are stable and may be logged, counted and switched on by callers.
enum class VerifyCode {
  credential_missing,          // no L402/LSAT credential in the request at all
  credential_malformed,        // header present but not `<scheme> <base64>:<hex>`
  macaroon_malformed,          // bytes are not a go-macaroon v2 binary macaroon
  identifier_invalid,          // identifier is not 66 bytes
  identifier_version_unknown,  // identifier version other than 0
  preimage_mismatch,           // sha256(preimage) != payment hash in the identifier
  token_unknown,               // no root key: never minted here, or deleted
  token_revoked,               // token id on the deny list
  signature_invalid,           // HMAC chain does not reproduce the signature
  third_party_caveat,          // discharge macaroons are not supported
  caveat_service,              // token not valid for the requested service
  caveat_capability,           // token lacks the required capability
  caveat_expired,              // a valid_until caveat is in the past (or malformed)
  caveat_request,              // token bound to a different request
  caveat_widening,             // a later caveat tries to widen an earlier one
  caveat_price,                // the request costs more than the token was sold for
};

std::string_view to_string(VerifyCode code);

struct VerifyError {
  VerifyCode code;
  // For a person: what went wrong and what to do. Never contains key material,
  // preimages or the credential itself.
  std::string message;

  std::string_view code_name() const { return to_string(code); }
};

}  // namespace l402d::l402
