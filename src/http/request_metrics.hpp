#pragma once

// The per-request series: l402d_requests_total{route,status} and
// l402d_request_duration_seconds{route}. Every request updates two of them,
// so their handles are looked up once per route and status and then updated
// without a lock or an allocation (see Metrics).

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/metrics.hpp"

namespace l402d::http {

class RequestMetrics {
 public:
  // `routes`: every label value record() will see (the router's patterns and
  // its labels for unmatched requests); others still count, more slowly.
  RequestMetrics(Metrics& metrics, const std::vector<std::string>& routes);

  void record(std::string_view route, unsigned status, double seconds);

 private:
  static constexpr unsigned kFirstStatus = 100;
  static constexpr unsigned kLastStatus = 599;
  struct Route {
    std::string pattern;
    Metrics::Histogram duration;
    // Filled on first use; concurrent fillers store the same handle.
    std::array<std::atomic<Metrics::Counter>, kLastStatus - kFirstStatus + 1> by_status{};
  };
  Metrics::Counter counter_for(Route& route, unsigned status);

  Metrics& metrics_;
  std::vector<std::unique_ptr<Route>> routes_;  // fixed after construction
};

}  // namespace l402d::http
