#include "http/request_metrics.hpp"

namespace l402d::http {

namespace {
constexpr const char* kRequests = "l402d_requests_total";
constexpr const char* kDuration = "l402d_request_duration_seconds";
}  // namespace

RequestMetrics::RequestMetrics(Metrics& metrics, const std::vector<std::string>& routes)
    : metrics_(metrics) {
  for (const auto& pattern : routes) {
    auto route = std::make_unique<Route>();
    route->pattern = pattern;
    route->duration = metrics_.histogram(kDuration, {{"route", pattern}});
    routes_.push_back(std::move(route));
  }
}

Metrics::Counter RequestMetrics::counter_for(Route& route, unsigned status) {
  auto& slot = route.by_status[status - kFirstStatus];
  auto counter = slot.load(std::memory_order_acquire);
  if (!counter.valid()) {
    counter =
        metrics_.counter(kRequests, {{"route", route.pattern}, {"status", std::to_string(status)}});
    slot.store(counter, std::memory_order_release);
  }
  return counter;
}

void RequestMetrics::record(std::string_view route, unsigned status, double seconds) {
  for (auto& r : routes_) {
    if (r->pattern != route) continue;
    if (status >= kFirstStatus && status <= kLastStatus) {
      counter_for(*r, status).add();
    } else {
      metrics_.add_counter(kRequests, {{"route", r->pattern}, {"status", std::to_string(status)}});
    }
    r->duration.observe(seconds);
    return;
  }
  const std::string name(route);
  metrics_.add_counter(kRequests, {{"route", name}, {"status", std::to_string(status)}});
  metrics_.observe(kDuration, {{"route", name}}, seconds);
}

}  // namespace l402d::http
