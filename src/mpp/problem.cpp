#include "mpp/problem.hpp"

namespace l402d::mpp {

std::string_view type_uri(Problem problem) {
  switch (problem) {
    case Problem::payment_required:
      return "https://paymentauth.org/problems/payment-required";
    case Problem::malformed_credential:
      return "https://paymentauth.org/problems/malformed-credential";
    case Problem::invalid_challenge:
      return "https://paymentauth.org/problems/invalid-challenge";
    case Problem::verification_failed:
      return "https://paymentauth.org/problems/verification-failed";
    case Problem::payment_expired:
      return "https://paymentauth.org/problems/payment-expired";
  }
  return "about:blank";
}

std::string_view title(Problem problem) {
  switch (problem) {
    case Problem::payment_required:
      return "Payment Required";
    case Problem::malformed_credential:
      return "Malformed Credential";
    case Problem::invalid_challenge:
      return "Invalid Challenge";
    case Problem::verification_failed:
      return "Verification Failed";
    case Problem::payment_expired:
      return "Payment Expired";
  }
  return "Payment Problem";
}

}  // namespace l402d::mpp
