#include "gateway/responses.hpp"

#include <string>

#include "http/json_error.hpp"
#include "util/hex.hpp"
#include "util/json_text.hpp"

namespace l402d::gateway {

namespace {

constexpr std::string_view kPaymentKept =
    " Your payment is kept: repeat the same request with the same Authorization header to try "
    "again.";

// Written out rather than built as a json::object: a dozen allocations fewer
// on the path every unpaid request takes.
std::string challenge_body(const paywall::Challenge& c, std::string_view code,
                           std::string_view message) {
  std::string body;
  body.reserve(256 + message.size() + c.invoice.size() + c.macaroon.size());
  body += R"({"error":{"code":)";
  append_json_string(body, code);
  body += R"(,"message":)";
  append_json_string(body, message);
  body += R"(},"service":)";
  append_json_string(body, c.service);
  body += R"(,"price_sats":)";
  body += std::to_string(c.price_msat / 1000);
  body += R"(,"invoice":)";
  append_json_string(body, c.invoice);
  body += R"(,"macaroon":)";
  append_json_string(body, c.macaroon);
  body += R"(,"payment_hash":")";
  append_hex(body, c.payment_hash);
  body += R"(","expires_at":)";
  body += std::to_string(c.expires_at);
  body += '}';
  return body;
}

std::string with_payment_kept(std::string_view message) {
  std::string out(message);
  if (!out.empty() && out.back() != '.') out += '.';
  out += kPaymentKept;
  return out;
}

}  // namespace

http::Response challenge_response(const http::Request& request, const paywall::Challenge& challenge,
                                  std::string_view code, std::string_view message) {
  auto res = http::make_response(request, http::Status::payment_required, "application/json",
                                 challenge_body(challenge, code, message));
  res.set(http::Field::www_authenticate, challenge.www_authenticate());
  res.set(http::Field::cache_control, "no-store");
  return res;
}

http::Response result_response(const http::Request& request, const paywall::WorkResult& result,
                               bool replayed) {
  auto res = http::make_response(request, static_cast<http::Status>(result.status),
                                 result.content_type, result.body);
  if (replayed) {
    res.set("X-L402-Replay", "true");
    res.set(http::Field::cache_control, "no-store");
  }
  return res;
}

http::Response failure_response(const http::Request& request, const paywall::WorkFailure& failure) {
  const auto status =
      failure.retryable ? http::Status::service_unavailable : http::Status::bad_gateway;
  auto res =
      http::error_response(request, status, failure.code, with_payment_kept(failure.message));
  if (failure.retryable) res.set(http::Field::retry_after, "10");
  return res;
}

http::Response internal_failure_response(const http::Request& request) {
  return http::error_response(request, http::Status::internal_server_error, "internal_error",
                              with_payment_kept("The work failed unexpectedly."));
}

http::Response result_expired_response(const http::Request& request) {
  return http::error_response(
      request, http::Status::gone, "result_expired",
      "This token was already redeemed and its result is past the retention period.");
}

http::Response token_busy_response(const http::Request& request) {
  auto res = http::error_response(
      request, http::Status::conflict, "token_busy",
      "This token's job is still running; repeat the request later to get its result.");
  res.set(http::Field::retry_after, "10");
  return res;
}

http::Response unavailable_response(const http::Request& request, std::string_view code,
                                    std::string_view message) {
  auto res = http::error_response(request, http::Status::service_unavailable, code, message);
  res.set(http::Field::retry_after, "10");
  return res;
}

}  // namespace l402d::gateway
