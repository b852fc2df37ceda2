#pragma once

// l402d_node_call_duration_seconds{backend, call, outcome}: how long the
// Lightning node takes to answer, fed by lightning::ObservedBackend. The
// successful calls' series are made once, so that a challenge costs no
// lookup in the registry; failures are rare and looked up as they come.

#include <map>
#include <string>

#include "http/metrics.hpp"
#include "lightning/observed_backend.hpp"

namespace l402d::app {

class NodeCallMetrics {
 public:
  NodeCallMetrics(http::Metrics& metrics, std::string backend);

  lightning::NodeCallObserver observer();

 private:
  void observe(std::string_view call, std::string_view outcome, double seconds);

  http::Metrics& metrics_;
  std::string backend_;
  std::map<std::string, http::Metrics::Histogram, std::less<>>
      ok_;  // by call; read-only after construction
};

}  // namespace l402d::app
