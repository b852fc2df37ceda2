#include "gateway/access_filter.hpp"

#include <spdlog/spdlog.h>

#include <optional>

#include "gateway/credential_headers.hpp"
#include "gateway/responses.hpp"
#include "http/json_error.hpp"
#include "util/clock.hpp"

namespace l402d::gateway {

using http::Exchange;
using http::Response;
using Auth = access::AccessRules::Auth;

namespace {

constexpr std::int64_t kDay = 86'400;
constexpr std::int64_t kMinute = 60;

Response too_many_challenges(const http::Request& request, std::uint32_t limit,
                             std::int64_t retry_after) {
  const auto seconds = std::to_string(std::max<std::int64_t>(retry_after, 1));
  auto res = http::error_response(request, http::Status::too_many_requests, "too_many_challenges",
                                  "Your address asked for more than " + std::to_string(limit) +
                                      " invoices this minute; no invoice was made. Retry in " +
                                      seconds + " seconds, or pay an invoice you already have.");
  res.set(http::Field::retry_after, seconds);
  return res;
}

}  // namespace

AccessFilter::AccessFilter(AccessRules rules, std::string service, access::WindowCounters& counters,
                           Clock now, http::Handler serve_free, http::Metrics* metrics,
                           http::WorkerPool* blocking)
    : rules_(std::move(rules)),
      service_(std::move(service)),
      counters_(counters),
      now_(now ? std::move(now) : Clock(unix_now)),
      free_(std::move(serve_free)),
      blocking_(counters.may_block() ? blocking : nullptr) {
  if (metrics) {
    const http::Labels labels = {{"service", service_}};
    free_served_ = metrics->counter("l402d_free_requests_total", labels);
    challenges_limited_ = metrics->counter("l402d_challenges_limited_total", labels);
  }
}

boost::asio::awaitable<Response> AccessFilter::handle(Exchange& ex, const http::Handler& next) {
  if (carries_credential(ex.request)) co_return co_await paid(ex, next);
  if (rules_.auth == Auth::off ||
      access::is_free_path(rules_.free_paths, http::target_path(ex.request))) {
    free_served_.add();
    co_return co_await free_(ex);
  }
  const auto prefix = prefix_of(ex);
  if (rules_.auth == Auth::freebies) {
    auto free_key = key("free", prefix);
    // A count the store cannot make gives nothing away: the client is asked to pay.
    const auto take = co_await count(free_key, rules_.free_per_day, kDay, false);
    if (take.allowed) co_return co_await freebie(ex, std::move(free_key), take.remaining);
  }
  co_return co_await unpaid(ex, next, prefix);
}

boost::asio::awaitable<Response> AccessFilter::paid(Exchange& ex, const http::Handler& next) {
  auto res = co_await next(ex);
  // A refused credential is answered with a fresh challenge. It cannot be
  // refused before the gate has checked it, but it uses up the minute's
  // challenges all the same, or a made-up credential would bypass the limit.
  if (rules_.challenges_per_minute > 0 && res.status() == http::Status::payment_required) {
    const auto challenge_key = key("challenge", prefix_of(ex));
    co_await count(challenge_key, rules_.challenges_per_minute, kMinute, true);
  }
  co_return res;
}

boost::asio::awaitable<Response> AccessFilter::freebie(Exchange& ex, std::string free_key,
                                                       std::uint32_t remaining) {
  free_served_.add();
  auto res = co_await free_(ex);
  // Our failure is not the client's: the free use is theirs again.
  if (res.status_code() >= 500) {
    co_await uncount(free_key, kDay);
    ++remaining;
  }
  res.head().set("X-Free-Requests-Remaining", std::to_string(remaining));
  co_return res;
}

boost::asio::awaitable<Response> AccessFilter::unpaid(Exchange& ex, const http::Handler& next,
                                                      const std::string& prefix) {
  if (rules_.challenges_per_minute == 0) co_return co_await next(ex);
  const auto challenge_key = key("challenge", prefix);
  // A limit the store cannot count does not refuse: making the invoice needs
  // the store too, and answers 503 when it is down.
  const auto take = co_await count(challenge_key, rules_.challenges_per_minute, kMinute, true);
  if (!take.allowed) {
    challenges_limited_.add();
    co_return too_many_challenges(ex.request, rules_.challenges_per_minute, take.retry_after);
  }
  auto res = co_await next(ex);
  // No invoice was made (the node or the store is down): nothing to count.
  if (res.status() != http::Status::payment_required) co_await uncount(challenge_key, kMinute);
  co_return res;
}

// Shared counters live in the store (PostgreSQL), which may fail, and are
// counted on a store thread so that a slow database holds no I/O thread.
boost::asio::awaitable<access::Take> AccessFilter::count(const std::string& key,
                                                         std::uint32_t limit, std::int64_t window,
                                                         bool allow_on_failure) {
  auto take = [this, &key, limit, window, allow_on_failure, now = now_()] {
    try {
      return counters_.take(key, limit, window, now);
    } catch (const std::exception& e) {
      spdlog::warn("{}: access counts unavailable: {}", service_, e.what());
      return access::Take{allow_on_failure, 0, 0};
    }
  };
  if (!blocking_) co_return take();
  co_return co_await blocking_->run(take);
}

boost::asio::awaitable<void> AccessFilter::uncount(const std::string& key, std::int64_t window) {
  auto give_back = [this, &key, window, now = now_()] {
    try {
      counters_.give_back(key, window, now);
    } catch (const std::exception& e) {
      spdlog::warn("{}: access counts unavailable: {}", service_, e.what());
    }
  };
  if (!blocking_) co_return give_back();
  co_await blocking_->run(give_back);
}

std::string AccessFilter::key(std::string_view kind, std::string_view prefix) const {
  std::string k;
  k.reserve(kind.size() + service_.size() + prefix.size() + 2);
  k.append(kind).append(":").append(service_).append(":").append(prefix);
  return k;
}

std::string AccessFilter::prefix_of(const Exchange& ex) const {
  auto prefix = access::client_prefix(ex.remote_address, rules_.prefix);
  return prefix ? std::move(*prefix) : ex.remote_address;
}

http::Handler free_handler(PaidHandler work, std::string service) {
  return [work = std::move(work),
          service = std::move(service)](Exchange& ex) -> boost::asio::awaitable<Response> {
    std::optional<PaidOutcome> outcome;
    try {
      outcome = co_await work(ex);
    } catch (const std::exception& e) {
      spdlog::error("{}: free work threw: {}", service, e.what());
    }
    if (!outcome) {
      co_return http::error_response(ex.request, http::Status::internal_server_error,
                                     "internal_error",
                                     "The work failed unexpectedly; nothing was charged.");
    }
    if (const auto* failure = std::get_if<paywall::WorkFailure>(&*outcome))
      co_return failure_response(ex.request, *failure, false);
    if (auto* passed = std::get_if<Response>(&*outcome)) co_return std::move(*passed);
    co_return result_response(ex.request, std::get<paywall::WorkResult>(*outcome), false);
  };
}

}  // namespace l402d::gateway
