#include "app/node_call_metrics.hpp"

namespace l402d::app {

namespace {

constexpr const char* kFamily = "l402d_node_call_duration_seconds";

}  // namespace

NodeCallMetrics::NodeCallMetrics(http::Metrics& metrics, std::string backend)
    : metrics_(metrics), backend_(std::move(backend)) {
  metrics_.describe(kFamily, "histogram",
                    "Calls to the Lightning node by backend, call and outcome (ok or the error).",
                    {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5});
  for (const char* call : {"node_info", "create_invoice", "lookup_invoice"})
    ok_.emplace(call, metrics_.histogram(
                          kFamily, {{"backend", backend_}, {"call", call}, {"outcome", "ok"}}));
}

lightning::NodeCallObserver NodeCallMetrics::observer() {
  return [this](std::string_view call, std::string_view outcome,
                std::chrono::duration<double> elapsed) { observe(call, outcome, elapsed.count()); };
}

void NodeCallMetrics::observe(std::string_view call, std::string_view outcome, double seconds) {
  if (outcome == "ok") {
    if (auto it = ok_.find(call); it != ok_.end()) {
      it->second.observe(seconds);
      return;
    }
  }
  metrics_.observe(
      kFamily,
      {{"backend", backend_}, {"call", std::string(call)}, {"outcome", std::string(outcome)}},
      seconds);
}

}  // namespace l402d::app
