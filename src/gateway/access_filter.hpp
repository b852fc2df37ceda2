#pragma once

// Free and limited access in front of the paywall gate, after validation (bad
// input never uses up an allowance) and admission (free work also needs a
// worker):
//
//   a payment credential      -> the gate, uncounted (a refused one's fresh
//                                challenge is counted after the fact)
//   auth off, or a free path  -> served free
//   auth freebies, uses left  -> served free, X-Free-Requests-Remaining: N
//   challenges left (or none  -> the gate, which answers 402
//   configured)
//   otherwise                 -> 429 too_many_challenges + Retry-After
//
// Counts are per client address prefix (access::client_prefix; an address
// that is not an IP counts under its own text), in windows of a UTC day (free
// uses) and a minute (challenges), through access::WindowCounters so that
// several instances can share them. Exchange::remote_address is the client:
// no X-Forwarded-For is trusted.

#include <cstdint>
#include <functional>
#include <string>

#include "access/access_rules.hpp"
#include "access/window_counters.hpp"
#include "gateway/paid_handler.hpp"
#include "http/handler.hpp"
#include "http/metrics.hpp"
#include "http/worker_pool.hpp"

namespace l402d::gateway {

using AccessRules = access::AccessRules;

class AccessFilter : public http::Filter {
 public:
  using Clock = std::function<std::int64_t()>;  // unix seconds
  // `serve_free` serves a request without payment; `now` defaults to the system
  // clock; `metrics` may be null. Counters that may block (a database) are
  // called on `blocking` when one is given.
  AccessFilter(AccessRules rules, std::string service, access::WindowCounters& counters, Clock now,
               http::Handler serve_free, http::Metrics* metrics = nullptr,
               http::WorkerPool* blocking = nullptr);

  boost::asio::awaitable<http::Response> handle(http::Exchange& exchange,
                                                const http::Handler& next) override;

 private:
  boost::asio::awaitable<http::Response> paid(http::Exchange& exchange, const http::Handler& next);
  boost::asio::awaitable<http::Response> freebie(http::Exchange& exchange, std::string key,
                                                 std::uint32_t remaining);
  boost::asio::awaitable<http::Response> unpaid(http::Exchange& exchange, const http::Handler& next,
                                                const std::string& prefix);
  // take and give_back; a failing store answers `allow_on_failure`.
  boost::asio::awaitable<access::Take> count(const std::string& key, std::uint32_t limit,
                                             std::int64_t window, bool allow_on_failure);
  boost::asio::awaitable<void> uncount(const std::string& key, std::int64_t window);
  std::string key(std::string_view kind, std::string_view prefix) const;
  std::string prefix_of(const http::Exchange& exchange) const;

  AccessRules rules_;
  std::string service_;
  access::WindowCounters& counters_;
  Clock now_;
  http::Handler free_;
  http::Metrics::Counter free_served_;
  http::Metrics::Counter challenges_limited_;
  http::WorkerPool* blocking_;  // null: counters are called inline
};

// Serves a request without payment by running `work` directly: its result as
// the work made it (no token, no receipt, nothing stored), or its failure
// without the paid path's "payment is kept".
http::Handler free_handler(PaidHandler work, std::string service);

}  // namespace l402d::gateway
