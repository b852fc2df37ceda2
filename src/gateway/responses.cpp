#include "gateway/responses.hpp"

#include <string>

#include "http/json_error.hpp"
#include "mpp/problem.hpp"
#include "util/hex.hpp"
#include "util/json_text.hpp"

namespace l402d::gateway {

namespace {

constexpr std::string_view kPaymentKept =
    " Your payment is kept: repeat the same request with the same Authorization header to try "
    "again.";

// The members every 402 body carries after the error, written out rather than
// built as a json::object: a dozen allocations fewer on the path every
// unpaid request takes.
void append_challenge_members(std::string& body, const paywall::Challenge& c) {
  body += R"(,"service":)";
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
}

void append_error(std::string& body, std::string_view code, std::string_view message) {
  body += R"("error":{"code":)";
  append_json_string(body, code);
  body += R"(,"message":)";
  append_json_string(body, message);
  body += '}';
}

std::string challenge_body(const paywall::Challenge& c, std::string_view code,
                           std::string_view message) {
  std::string body;
  body.reserve(256 + message.size() + c.invoice.size() + c.macaroon.size());
  body += '{';
  append_error(body, code, message);
  append_challenge_members(body, c);
  return body;
}

mpp::Problem problem_for(std::string_view code) {
  namespace rc = paywall::refusal_code;
  if (code == rc::credential_malformed) return mpp::Problem::malformed_credential;
  if (code == rc::challenge_invalid || code == rc::payment_method_unsupported ||
      code == rc::rail_disabled)
    return mpp::Problem::invalid_challenge;
  if (code == rc::challenge_expired || code == "caveat_expired")
    return mpp::Problem::payment_expired;
  return mpp::Problem::verification_failed;
}

// RFC 9457 with our error object as an extension member, so that a client of
// either convention finds what it looks for.
std::string problem_body(const paywall::Challenge& c, const paywall::Refusal& why) {
  const auto problem = problem_for(why.code);
  std::string body;
  body.reserve(512 + why.message.size() + c.invoice.size() + c.macaroon.size());
  body += R"({"type":)";
  append_json_string(body, mpp::type_uri(problem));
  body += R"(,"title":)";
  append_json_string(body, mpp::title(problem));
  body += R"(,"status":402,"detail":)";
  append_json_string(body, why.message);
  body += ',';
  append_error(body, why.code, why.message);
  append_challenge_members(body, c);
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
                                  const paywall::ChallengeText& text, const paywall::Refusal& why) {
  const bool mpp_problem = why.rail == paywall::Rail::mpp && !why.missing();
  auto res =
      mpp_problem
          ? http::make_response(request, http::Status::payment_required,
                                std::string(mpp::kProblemContentType), problem_body(challenge, why))
          : http::make_response(request, http::Status::payment_required, "application/json",
                                challenge_body(challenge, why.code, why.message));
  if (!text.l402.empty()) res.insert(http::Field::www_authenticate, text.l402);
  if (!text.mpp.empty()) res.insert(http::Field::www_authenticate, text.mpp);
  if (!text.x402.empty()) res.set("PAYMENT-REQUIRED", text.x402);
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

http::Response failure_response(const http::Request& request, const paywall::WorkFailure& failure,
                                bool paid) {
  const auto status =
      failure.retryable ? http::Status::service_unavailable : http::Status::bad_gateway;
  auto res = http::error_response(request, status, failure.code,
                                  paid ? with_payment_kept(failure.message) : failure.message);
  if (failure.retryable) res.set(http::Field::retry_after, "10");
  return res;
}

std::string failure_json(const paywall::WorkFailure& failure) {
  return http::error_body(failure.code, with_payment_kept(failure.message));
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
