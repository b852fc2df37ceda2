#include "gateway/paid_handler.hpp"

namespace l402d::gateway {

paywall::WorkOutcome recorded_outcome(PaidOutcome& outcome) {
  if (auto* result = std::get_if<paywall::WorkResult>(&outcome)) return std::move(*result);
  if (auto* failure = std::get_if<paywall::WorkFailure>(&outcome)) return std::move(*failure);
  const auto& passed = std::get<http::Response>(outcome);
  return paywall::WorkResult{static_cast<int>(passed.status_code()),
                             std::string(passed.header(http::Field::content_type)),
                             {}};
}

}  // namespace l402d::gateway
