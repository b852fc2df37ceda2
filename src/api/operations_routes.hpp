#pragma once

// The free routes that are not services: the simulated payment of the builtin
// development node, health, Prometheus metrics, and fixed JSON documents.

#include <cstdint>
#include <functional>
#include <string>

#include "http/handler.hpp"
#include "http/metrics.hpp"
#include "http/worker_pool.hpp"
#include "lightning/dev_payments.hpp"

namespace l402d::api {

// POST /dev/pay {"invoice": "<bolt11>"} -> {"preimage": "<hex>", "simulated": true}
http::Handler dev_pay_handler(lightning::DevPayments& node, http::WorkerPool& store_calls);

struct HealthFacts {
  std::string lightning;  // the backend's name
  bool simulated_payments = false;
  http::WorkerPool& engines;
};
// GET /healthz
http::Handler health_handler(HealthFacts facts);

// GET /metrics (Prometheus text); the jobs gauge is read from `engines`.
http::Handler metrics_handler(http::Metrics& metrics, http::WorkerPool& engines);

// A document that never changes while the server runs (discovery).
http::Handler static_json_handler(std::string body);
http::Handler static_text_handler(std::string body, std::string content_type);
// A document rebuilt by `render` whenever `version` moves (discovery after the
// seller changes a price), else served from the last rendering.
http::Handler versioned_text_handler(std::function<std::uint64_t()> version,
                                     std::function<std::string()> render, std::string content_type);

}  // namespace l402d::api
