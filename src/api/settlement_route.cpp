#include "api/settlement_route.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "api/api_error.hpp"
#include "api/json_body.hpp"
#include "http/json_error.hpp"
#include "util/base64.hpp"
#include "util/hex.hpp"

namespace l402d::api {

namespace json = boost::json;
using http::Exchange;
using http::Response;
using http::Status;
using State = paywall::SettlementAnswer::State;

namespace {

struct Asked {
  Bytes macaroon;
  std::string macaroon_text;
  std::chrono::seconds wait{};
};

Expected<Asked, ApiError> read_request(const http::Request& req, const SettlementLimits& limits) {
  auto body = parse_json_object(req);
  if (!body) return unexpected(std::move(body.error()));
  const auto* mac = body->if_contains("macaroon");
  if (!mac || !mac->is_string() || mac->as_string().empty()) {
    return unexpected(ApiError{Status::bad_request, "missing_field", "macaroon",
                               "Send {\"macaroon\": \"<the macaroon from the 402 challenge>\"}."});
  }
  Asked asked;
  asked.macaroon_text = std::string(mac->as_string());
  auto bytes = base64_decode(asked.macaroon_text);
  if (!bytes) {
    return unexpected(ApiError{Status::bad_request, "macaroon_malformed", "macaroon",
                               "The macaroon is not base64; send it exactly as the challenge "
                               "gave it."});
  }
  asked.macaroon = std::move(*bytes);
  asked.wait = limits.default_wait;
  if (const auto* w = body->if_contains("wait_seconds")) {
    if (!w->is_int64() || w->as_int64() < 0 || w->as_int64() > limits.max_wait.count()) {
      return unexpected(ApiError{Status::bad_request, "invalid_field", "wait_seconds",
                                 "wait_seconds is a whole number from 0 to " +
                                     std::to_string(limits.max_wait.count()) + "."});
    }
    asked.wait = std::chrono::seconds(w->as_int64());
  }
  return asked;
}

Response refused(const http::Request& req, const l402::VerifyError& e) {
  const bool malformed = e.code == l402::VerifyCode::macaroon_malformed ||
                         e.code == l402::VerifyCode::identifier_invalid ||
                         e.code == l402::VerifyCode::identifier_version_unknown;
  return http::error_response(req, malformed ? Status::bad_request : Status::forbidden,
                              e.code_name(), e.message);
}

Response answer(const http::Request& req, const Asked& asked, const paywall::SettlementAnswer& a) {
  const auto hash = to_hex(ByteView(a.payment_hash));
  switch (a.state) {
    case State::settled: {
      const auto preimage = to_hex(ByteView(*a.preimage));
      json::object body{{"state", "settled"},
                        {"payment_hash", hash},
                        {"preimage", preimage},
                        {"authorization", "L402 " + asked.macaroon_text + ":" + preimage}};
      auto res = http::make_response(req, Status::ok, "application/json", json::serialize(body));
      res.set(http::Field::cache_control, "no-store");
      return res;
    }
    case State::open: {
      json::object body{{"state", "open"}, {"payment_hash", hash}};
      auto res =
          http::make_response(req, Status::accepted, "application/json", json::serialize(body));
      res.set(http::Field::cache_control, "no-store");
      return res;
    }
    case State::expired:
      return http::error_response(req, Status::gone, "invoice_expired",
                                  "The invoice expired unpaid; request the resource again for a "
                                  "new one.");
    case State::cancelled:
      return http::error_response(req, Status::gone, "invoice_cancelled",
                                  "The node cancelled this invoice; request the resource again "
                                  "for a new one.");
    case State::unknown:
      break;
  }
  return http::error_response(req, Status::not_found, "invoice_unknown",
                              "The Lightning node does not know this invoice.");
}

Response busy(const http::Request& req) {
  auto res = http::error_response(req, Status::service_unavailable, "server_busy",
                                  "Too many buyers are waiting for payments; retry in a few "
                                  "seconds.");
  res.set(http::Field::retry_after, "5");
  return res;
}

// Counts a waiting buyer for as long as it lives.
class WaitSlot {
 public:
  explicit WaitSlot(std::atomic<std::size_t>& count) : count_(count) { ++count_; }
  ~WaitSlot() { --count_; }
  WaitSlot(const WaitSlot&) = delete;
  WaitSlot& operator=(const WaitSlot&) = delete;

 private:
  std::atomic<std::size_t>& count_;
};

}  // namespace

http::Handler settlement_handler(const paywall::Settlement& settlement,
                                 http::WorkerPool& store_calls, SettlementLimits limits) {
  auto waiting = std::make_shared<std::atomic<std::size_t>>(0);
  return [&settlement, &store_calls, limits,
          waiting](Exchange& ex) -> boost::asio::awaitable<Response> {
    auto asked = read_request(ex.request, limits);
    if (!asked) co_return to_response(ex.request, asked.error());
    auto check = [&] { return settlement.payment_hash_of(asked->macaroon); };
    // Not `cond ? co_await ... : ...`: GCC 12 destroys that temporary twice.
    std::optional<Expected<Hash32, l402::VerifyError>> hash;
    if (settlement.verification_blocks()) {
      hash.emplace(co_await store_calls.run(check));
    } else {
      hash.emplace(check());
    }
    if (!*hash) co_return refused(ex.request, hash->error());
    if (waiting->load() >= limits.max_waiting) co_return busy(ex.request);
    WaitSlot slot(*waiting);
    std::optional<paywall::SettlementAnswer> a;
    try {
      a = co_await settlement.wait(**hash, asked->wait);
    } catch (const lightning::BackendError& e) {
      spdlog::warn("settlement: lightning {}: {}", to_string(e.code()), e.what());
    }
    if (!a) {
      co_return http::error_response(ex.request, Status::service_unavailable,
                                     "lightning_unavailable",
                                     "The Lightning node could not be asked; retry shortly.");
    }
    co_return answer(ex.request, *asked, *a);
  };
}

}  // namespace l402d::api
