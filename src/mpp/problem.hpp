#pragma once

// RFC 9457 problem types of the Payment scheme (draft-ryan-httpauth-payment
// section 8), for the body of a 402 that answers a Payment credential.

#include <string_view>

namespace l402d::mpp {

enum class Problem {
  payment_required,      // no credential
  malformed_credential,  // not base64url, not JSON, fields missing
  invalid_challenge,     // id not ours, parameters altered, expired or used
  verification_failed,   // the proof does not pay for this request
  payment_expired,       // the challenge's invoice or expiry has passed
};

// "https://paymentauth.org/problems/<name>"
std::string_view type_uri(Problem problem);
std::string_view title(Problem problem);

inline constexpr std::string_view kProblemContentType = "application/problem+json";

}  // namespace l402d::mpp
