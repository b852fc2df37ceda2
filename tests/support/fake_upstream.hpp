#pragma once

// A real HTTP server on a free local port, scripted by the test: stands in for
// upstream AI providers and Lightning backends that follow a published API.

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "http/server.hpp"

namespace l402d::testing {

class FakeUpstream {
 public:
  using Script = std::function<http::Response(const http::Request&)>;

  FakeUpstream() = default;
  ~FakeUpstream() { stop(); }

  // Routes must be added before start().
  void on(http::Verb method, std::string path, Script script) {
    router_.add(method, std::move(path),
                [this, script = std::move(script)](
                    http::Exchange& ex) -> boost::asio::awaitable<http::Response> {
                  {
                    std::lock_guard lock(mutex_);
                    requests_.push_back(ex.request);
                  }
                  if (delay_.count() > 0) {
                    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, delay_);
                    co_await t.async_wait(boost::asio::use_awaitable);
                  }
                  co_return script(ex.request);
                });
  }

  void start() {
    http::ServerOptions o;
    o.port = 0;
    o.shutdown_grace = std::chrono::milliseconds(200);
    server_ =
        std::make_unique<http::Server>(o, [this](http::Exchange& ex) { return router_.route(ex); });
    server_->start();
  }
  void stop() {
    if (server_) {
      server_->stop();
      server_->wait();
      server_.reset();
    }
  }

  void set_delay(std::chrono::milliseconds d) { delay_ = d; }
  std::string url(std::string_view path = "") const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + std::string(path);
  }
  std::vector<http::Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  static http::Response json(const http::Request& req, http::Status status, std::string body) {
    return http::make_response(req, status, "application/json", std::move(body));
  }

 private:
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::chrono::milliseconds delay_{0};
  mutable std::mutex mutex_;
  std::vector<http::Request> requests_;
};

}  // namespace l402d::testing
