#include "api/operations_routes.hpp"

#include <boost/json.hpp>

#include "http/json_error.hpp"
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
    auto paid = co_await store_calls.run([&] { return node.settle(bolt11); });
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

http::Handler static_text_handler(std::string body, std::string content_type) {
  return [body = std::move(body), content_type = std::move(content_type)](
             Exchange& ex) -> boost::asio::awaitable<Response> {
    auto res = http::make_response(ex.request, http::Status::ok, content_type, body);
    res.set(http::Field::cache_control, "public, max-age=300");
    co_return res;
  };
}

}  // namespace l402d::api
