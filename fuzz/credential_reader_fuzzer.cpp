// The paywall's credential reader (src/paywall/credential_reader.cpp), the
// one place a request's Authorization (L402 and Payment), Macaroon,
// PAYMENT-SIGNATURE and X-PAYMENT headers meet: it picks the rail and checks
// MPP's binding and expiry and x402's echo. Lines go to the headers in turn.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "fuzz_input.hpp"
#include "mpp/challenge.hpp"
#include "paywall/credential_reader.hpp"

using namespace l402d;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const paywall::CredentialReader reader(
      paywall::RailSwitches{},
      std::make_shared<const mpp::ChallengeBinder>(as_bytes("fuzz-challenge-secret")),
      [] { return std::int64_t{1'700'000'000}; });
  const auto lines = fuzz::split_lines(fuzz::as_text(data, size));

  paywall::PresentedHeaders headers;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    switch (i % 4) {
      case 0:
        headers.l402.authorization.push_back(lines[i]);
        break;
      case 1:
        headers.payment_signature.push_back(lines[i]);
        break;
      case 2:
        headers.x_payment.push_back(lines[i]);
        break;
      default:
        headers.l402.macaroon.push_back(lines[i]);
        break;
    }
  }
  (void)reader.read(headers);
  // Authorization alone: every line as one of several Authorization values.
  paywall::PresentedHeaders authorization_only;
  authorization_only.l402.authorization = lines;
  (void)reader.read(authorization_only);
  return 0;
}
