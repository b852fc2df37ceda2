#include "l402/verify_error.hpp"

namespace l402d::l402 {

std::string_view to_string(VerifyCode code) {
  switch (code) {
    case VerifyCode::credential_missing:
      return "credential_missing";
    case VerifyCode::credential_malformed:
      return "credential_malformed";
    case VerifyCode::macaroon_malformed:
      return "macaroon_malformed";
    case VerifyCode::identifier_invalid:
      return "identifier_invalid";
    case VerifyCode::identifier_version_unknown:
      return "identifier_version_unknown";
    case VerifyCode::preimage_mismatch:
      return "preimage_mismatch";
    case VerifyCode::token_unknown:
      return "token_unknown";
    case VerifyCode::token_revoked:
      return "token_revoked";
    case VerifyCode::signature_invalid:
      return "signature_invalid";
    case VerifyCode::third_party_caveat:
      return "third_party_caveat";
    case VerifyCode::caveat_service:
      return "caveat_service";
    case VerifyCode::caveat_capability:
      return "caveat_capability";
    case VerifyCode::caveat_expired:
      return "caveat_expired";
    case VerifyCode::caveat_request:
      return "caveat_request";
    case VerifyCode::caveat_widening:
      return "caveat_widening";
    case VerifyCode::caveat_price:
      return "caveat_price";
  }
  return "unknown";
}

}  // namespace l402d::l402
