#pragma once

// An admin API over a real SQLite store in a private directory, with two
// services (vision, music), driven through the router as the server would.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include "../store/test_support.hpp"
#include "admin/admin_routes.hpp"
#include "admin/admin_token.hpp"
#include "admin/service_settings.hpp"
#include "api/service_overrides.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace l402d::admin::testing {

inline constexpr std::int64_t kNow = 20'000 * 86400 + 3600;

inline std::vector<ServiceFacts> two_services() {
  return {{"vision", "/api/l402/vision", 10, false, "engine", "single_use"},
          {"music", "/api/l402/music", 50, false, "engine", "single_use"}};
}

inline NodeFacts node_facts() {
  NodeFacts f;
  f.backend = "builtin";
  f.network = "regtest";
  f.node_id = "02" + std::string(64, 'a');
  f.started_at = kNow - 60;
  return f;
}

struct Call {
  Call(http::Verb v, std::string t, std::string b = {}, std::string p = "127.0.0.1", bool s = false,
       std::optional<std::string> a = std::nullopt)
      : verb(v),
        target(std::move(t)),
        body(std::move(b)),
        peer(std::move(p)),
        secure(s),
        authorization(std::move(a)) {}
  http::Verb verb;
  std::string target;
  std::string body;
  std::string peer;
  bool secure;
  std::optional<std::string> authorization;  // unset: the right bearer token; "": none
};

class AdminFixture : public ::testing::Test {
 protected:
  AdminFixture()
      : store(store::open_sqlite_store({dir.path() / "l402d.db", 2, 5000})),
        token(load_or_create_admin_token(dir.path())) {
    for (const auto& f : two_services())
      overrides.add(f.name);
    settings = std::make_unique<ServiceSettings>(two_services(), *store, overrides);
    deps = std::make_unique<AdminDeps>(
        AdminDeps{token, *settings, *store, *store,
                  [this](const store::TokenRecord& t) { revoked.push_back(t.token_id); }, pool,
                  [] { return kNow; }, node_facts(), &open,
                  [this](const store::TokenRecord& t) {
                    return std::find(revoked.begin(), revoked.end(), t.token_id) == revoked.end();
                  }});
    add_admin_routes(router, *deps);
  }

  http::Response run(const Call& c) {
    boost::asio::io_context ioc;
    http::Exchange ex;
    ex.request = http::Request{c.verb, c.target, 11};
    ex.request.body() = c.body;
    ex.request.prepare_payload();
    ex.remote_address = c.peer;
    ex.secure = c.secure;
    ex.request.set(http::Field::authorization, c.authorization.value_or("Bearer " + token));
    if (c.authorization && c.authorization->empty()) ex.request.erase(http::Field::authorization);
    auto fut = boost::asio::co_spawn(ioc, router.route(ex), boost::asio::use_future);
    ioc.run();
    return fut.get();
  }

  static boost::json::value body_of(const http::Response& r) {
    return boost::json::parse(std::get<http::StringResponse>(r.message).body());
  }
  static std::string code_of(const http::Response& r) {
    return std::string(body_of(r).at("error").at("code").as_string());
  }

  store::testing::TempDir dir;
  std::unique_ptr<store::Store> store;
  std::string token;
  api::ServiceOverrides overrides;
  std::unique_ptr<ServiceSettings> settings;
  http::WorkerPool pool{1, 100};
  std::vector<Hash32> revoked;
  gateway::OpenChallenges open{nullptr};
  std::unique_ptr<AdminDeps> deps;
  http::Router router;
};

}  // namespace l402d::admin::testing
