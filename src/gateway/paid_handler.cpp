#include "gateway/paid_handler.hpp"

#include <cerrno>
#include <system_error>

namespace l402d::gateway {

paywall::WorkOutcome recorded_outcome(PaidOutcome& outcome) {
  if (auto* result = std::get_if<paywall::WorkResult>(&outcome)) return std::move(*result);
  if (auto* failure = std::get_if<paywall::WorkFailure>(&outcome)) return std::move(*failure);
  const auto& passed = std::get<http::Response>(outcome);
  return paywall::WorkResult{static_cast<int>(passed.status_code()),
                             std::string(passed.header(http::Field::content_type)),
                             {}};
}

paywall::WorkFailure thrown_failure(const std::exception& e) {
  const auto* failed = dynamic_cast<const std::system_error*>(&e);
  const auto code = failed ? failed->code() : std::error_code();
  if (code == std::errc::no_space_on_device || code == std::errc::file_too_large ||
      code == std::error_code(EDQUOT, std::generic_category())) {
    return {"storage_full", "The server has no room to keep the result now.", true};
  }
  return {"internal_error", "The work failed unexpectedly.", false};
}

}  // namespace l402d::gateway
