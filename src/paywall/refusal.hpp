#pragma once

// Why a request's credential does not pay for it, on whichever rail it came.
// `code` is stable snake_case (the L402 verifier's codes, and the rail codes
// below) for programs to switch on; `message` tells a person what to do.

#include <string>
#include <string_view>

#include "l402/verify_error.hpp"
#include "paywall/rails.hpp"

namespace l402d::paywall {

namespace refusal_code {
inline constexpr std::string_view credential_missing = "credential_missing";
inline constexpr std::string_view credential_malformed = "credential_malformed";
inline constexpr std::string_view rail_disabled = "rail_disabled";
inline constexpr std::string_view payment_method_unsupported = "payment_method_unsupported";
inline constexpr std::string_view challenge_invalid = "challenge_invalid";
inline constexpr std::string_view challenge_expired = "challenge_expired";
inline constexpr std::string_view offer_unknown = "offer_unknown";
inline constexpr std::string_view invoice_mismatch = "invoice_mismatch";
inline constexpr std::string_view payment_unsettled = "payment_unsettled";
}  // namespace refusal_code

struct Refusal {
  Rail rail = Rail::l402;
  std::string code;
  std::string message;

  bool missing() const { return code == refusal_code::credential_missing; }
  static Refusal from(Rail rail, const l402::VerifyError& e) {
    return {rail, std::string(e.code_name()), e.message};
  }
};

}  // namespace l402d::paywall
