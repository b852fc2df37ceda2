#include "api/operations_routes.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <memory>
#include <mutex>
#include <optional>

#include "gateway/responses.hpp"
#include "http/json_error.hpp"
#include "store/store_error.hpp"
#include "util/hex.hpp"

namespace l402d::api {

namespace json = boost::json;
using http::Exchange;
using http::Response;

namespace {

const json::value* invoice_field(const json::value& body) {
  return body.is_object() ? body.as_object().if_contains("invoice") : nullptr;
}

}  // namespace

http::Handler dev_pay_handler(lightning::DevPayments& node, http::WorkerPool& store_calls) {
  return [&node, &store_calls](Exchange& ex) -> boost::asio::awaitable<Response> {
    json::error_code ec;
    auto body = json::parse(ex.request.body(), ec);
    const json::value* invoice = ec ? nullptr : invoice_field(body);
    if (!invoice || !invoice->is_string()) {
      co_return http::error_response(ex.request, http::Status::bad_request, "missing_field",
                                     "Send {\"invoice\": \"<bolt11>\"}.");
    }
    std::string bolt11(invoice->as_string());
    std::optional<decltype(node.settle(bolt11))> settled;
    try {
      settled.emplace(co_await store_calls.run([&] { return node.settle(bolt11); }));
    } catch (const store::StoreError& e) {
      spdlog::warn("dev pay: store: {}", e.what());
      co_return gateway::unavailable_response(
          ex.request, "store_unavailable",
          "The simulated payment could not be recorded. Repeat the request shortly.");
    }
    auto& paid = *settled;
    if (!paid) {
      auto status = paid.error() == lightning::SettleError::expired ? http::Status::gone
                                                                    : http::Status::bad_request;
      co_return http::error_response(ex.request, status, lightning::to_string(paid.error()),
                                     lightning::describe(paid.error()));
    }
    auto res = http::make_response(
        ex.request, http::Status::ok, "application/json",
        json::serialize(json::object{{"preimage", to_hex(*paid)}, {"simulated", true}}));
    res.set(http::Field::cache_control, "no-store");
    co_return res;
  };
}

http::Handler health_handler(HealthFacts facts) {
  return [facts](Exchange& ex) -> boost::asio::awaitable<Response> {
    json::object body{{"status", "ok"},
                      {"lightning", facts.lightning},
                      {"simulated_payments", facts.simulated_payments},
                      {"jobs_running", facts.engines.running()},
                      {"jobs_queued", facts.engines.queued()}};
    auto res = http::make_response(ex.request, http::Status::ok, "application/json",
                                   json::serialize(body));
    res.set(http::Field::cache_control, "no-store");
    co_return res;
  };
}

http::Handler metrics_handler(http::Metrics& metrics, http::WorkerPool& engines) {
  return [&metrics, &engines](Exchange& ex) -> boost::asio::awaitable<Response> {
    metrics.set_gauge("l402d_jobs_in_flight", {},
                      static_cast<double>(engines.running() + engines.queued()));
    co_return http::make_response(ex.request, http::Status::ok,
                                  "text/plain; version=0.0.4; charset=utf-8", metrics.render());
  };
}

http::Handler static_json_handler(std::string body) {
  return static_text_handler(std::move(body), "application/json");
}

namespace {

class VersionedDocument {
 public:
  VersionedDocument(std::function<std::uint64_t()> version, std::function<std::string()> render)
      : version_(std::move(version)), render_(std::move(render)) {}

  std::shared_ptr<const std::string> current() {
    const auto now = version_();
    std::lock_guard lock(mutex_);
    if (!body_ || now != rendered_) {
      body_ = std::make_shared<const std::string>(render_());
      rendered_ = now;
    }
    return body_;
  }

 private:
  std::function<std::uint64_t()> version_;
  std::function<std::string()> render_;
  std::mutex mutex_;
  std::uint64_t rendered_ = 0;
  std::shared_ptr<const std::string> body_;
};

}  // namespace

http::Handler versioned_text_handler(std::function<std::uint64_t()> version,
                                     std::function<std::string()> render,
                                     std::string content_type) {
  auto doc = std::make_shared<VersionedDocument>(std::move(version), std::move(render));
  return [doc, content_type =
                   std::move(content_type)](Exchange& ex) -> boost::asio::awaitable<Response> {
    const auto body = doc->current();
    auto res = http::make_response(ex.request, http::Status::ok, content_type, *body);
    // Short: a price the seller changes shows at once to those who ask again.
    res.set(http::Field::cache_control, "public, max-age=5");
    co_return res;
  };
}

http::Handler static_text_handler(std::string body, std::string content_type) {
  return [body = std::move(body), content_type = std::move(content_type)](
             Exchange& ex) -> boost::asio::awaitable<Response> {
    auto res = http::make_response(ex.request, http::Status::ok, content_type, body);
    res.set(http::Field::cache_control, "public, max-age=300");
    co_return res;
  };
}

}  // namespace l402d::api
