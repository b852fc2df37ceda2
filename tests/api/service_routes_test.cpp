// A third service, declared only here, proves that adding a service is one
// declaration: its routes, preflight, validation before any invoice, the
// paywall and its redemption policy all come from api::add_service_routes.

#include "api/service_routes.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <optional>

#include "http/server.hpp"
#include "http/test_client.hpp"
#include "l402/headers.hpp"
#include "lightning/builtin_node.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"

namespace l402d::api {
namespace {

namespace json = boost::json;
using http::Field;
using http::Status;
using http::Verb;

const RequestSchema& echo_request() {
  static const RequestSchema schema(
      {{.name = "text", .required = true, .max_length = 100, .description = "What to say again."}});
  return schema;
}

const ResultSchema& echo_result() {
  static const ResultSchema schema({{.name = "echo", .required = true}});
  return schema;
}

// {"text": "..."} -> {"echo": "..."}, 3 sats.
Service echo_service(Redemption redemption, std::atomic<int>& runs) {
  Service s;
  s.request_schema = &echo_request();
  s.result_schema = &echo_result();
  s.name = "echo";
  s.summary = "Echo";
  s.description = "Says it again.";
  s.price_sats = 3;
  s.timeout_seconds = 5;
  s.redemption = redemption;
  s.parse = [](const json::object& body) -> Expected<std::any, ApiError> {
    auto valid = echo_request().validate(body);
    if (!valid) return unexpected(std::move(valid.error()));
    return std::any(std::string(valid->string("text")));
  };
  s.run = [&runs](http::Exchange& ex) -> boost::asio::awaitable<gateway::PaidOutcome> {
    ++runs;
    const auto& text = std::any_cast<const std::string&>(ex.attachment);
    co_return paywall::WorkResult{200, "application/json",
                                  json::serialize(json::object{{"echo", text}})};
  };
  return s;
}

// Now, frozen: a count per minute must not start afresh halfway through a test.
std::function<std::int64_t()> frozen_now() {
  return [t = unix_now()] { return t; };
}

struct EchoServer {
  // With `access`, the service has those rules and the routes count with `counters`.
  explicit EchoServer(Redemption redemption,
                      std::optional<access::AccessRules> access = std::nullopt) {
    const paywall::RailSwitches rails;
    store = store::open_sqlite_store({dir / "l402d.db"});
    keys = std::make_unique<l402::DerivedRootKeys>(random_array<32>(), *store);
    minter = std::make_unique<l402::Minter>(*keys);
    verifier = std::make_unique<l402::Verifier>(*keys);
    node = std::make_unique<lightning::BuiltinNode>(random_array<32>(), *store);
    challenger =
        std::make_unique<paywall::Challenger>(*node, *minter, paywall::ChallengeTerms{}, unix_now);
    authorizer = std::make_unique<paywall::Authorizer>(*verifier, unix_now);
    reader = std::make_unique<paywall::CredentialReader>(rails, binder, unix_now);
    offers = std::make_unique<paywall::RailOffers>(
        paywall::RailOffersOptions{rails, "127.0.0.1", true, 3600}, binder);
    settlement = std::make_unique<paywall::Settlement>(*verifier, *node);
    auto service = echo_service(redemption, runs);
    if (access) service.access = *access;
    add_service_routes(router, service,
                       PaywallParts{.challenger = *challenger,
                                    .authorizer = *authorizer,
                                    .reader = *reader,
                                    .offers = *offers,
                                    .settlement = *settlement,
                                    .ledger = *store,
                                    .store_calls = pool,
                                    .engines = pool,
                                    .verification = nullptr,
                                    .metrics = nullptr,
                                    .results = nullptr,
                                    .result_retention_seconds = 60,
                                    .now = access ? frozen_now() : unix_now,
                                    .public_url = {},
                                    .cors = {},
                                    .counters = access ? &counters : nullptr});
    http::ServerOptions so;
    so.port = 0;
    server =
        std::make_unique<http::Server>(so, [this](http::Exchange& ex) { return router.route(ex); });
    server->start();
  }
  ~EchoServer() {
    server->stop();
    server->wait();
    pool.shutdown();
    store.reset();
  }

  auto send(Verb verb, const std::string& body, const std::string& authorization = {}) {
    l402d::testing::TestClient client(server->port());
    auto req = l402d::testing::make_request(verb, "/api/l402/echo", body);
    if (!authorization.empty()) req.set(Field::authorization, authorization);
    return client.send(req);
  }

  std::string pay(const std::string& body) {
    auto res = send(Verb::post, body);
    EXPECT_EQ(res.result(), Status::payment_required);
    auto challenge = l402::parse_challenge(std::string(res[Field::www_authenticate]));
    auto preimage = node->settle(challenge->invoice);
    return l402::format_authorization(challenge->macaroon, *preimage);
  }

  l402d::testing::TempDir dir{"l402d-echo"};
  std::unique_ptr<store::Store> store;
  std::unique_ptr<l402::DerivedRootKeys> keys;
  std::unique_ptr<l402::Minter> minter;
  std::unique_ptr<l402::Verifier> verifier;
  std::unique_ptr<lightning::BuiltinNode> node;
  std::unique_ptr<paywall::Challenger> challenger;
  std::unique_ptr<paywall::Authorizer> authorizer;
  std::shared_ptr<const mpp::ChallengeBinder> binder =
      std::make_shared<const mpp::ChallengeBinder>(random_array<32>());
  std::unique_ptr<paywall::CredentialReader> reader;
  std::unique_ptr<paywall::RailOffers> offers;
  std::unique_ptr<paywall::Settlement> settlement;
  http::WorkerPool pool{2, 100};
  access::MemoryWindowCounters counters;
  http::Router router;
  std::unique_ptr<http::Server> server;
  std::atomic<int> runs{0};
};

TEST(ServiceRoutes, AThirdServiceIsSoldFromItsDeclarationAlone) {
  EchoServer s(Redemption::single_use);
  auto challenge = s.send(Verb::post, R"({"text":"hi"})");
  ASSERT_EQ(challenge.result(), Status::payment_required);
  auto body = json::parse(challenge.body()).as_object();
  EXPECT_EQ(body.at("service").as_string(), "echo");
  EXPECT_EQ(body.at("price_sats").to_number<int>(), 3);
  EXPECT_EQ(challenge[Field::access_control_allow_origin], "*");

  auto auth = s.pay(R"({"text":"hi"})");
  auto paid = s.send(Verb::post, R"({"text":"hi"})", auth);
  ASSERT_EQ(paid.result(), Status::ok) << paid.body();
  EXPECT_EQ(paid.body(), R"({"echo":"hi"})");
  EXPECT_EQ(paid[Field::access_control_allow_origin], "*");
  auto again = s.send(Verb::post, R"({"text":"hi"})", auth);
  EXPECT_EQ(again.body(), paid.body());
  EXPECT_EQ(again["X-L402-Replay"], "true");
  EXPECT_EQ(s.runs, 1);
}

TEST(ServiceRoutes, BadInputIsRefusedBeforeAnyInvoice) {
  EchoServer s(Redemption::single_use);
  auto res = s.send(Verb::post, R"({"txt":"hi"})");
  EXPECT_EQ(res.result(), Status::bad_request);
  EXPECT_TRUE(res[Field::www_authenticate].empty());
  EXPECT_EQ(json::parse(res.body()).at("error").at("code").as_string(), "missing_field");
  EXPECT_EQ(res[Field::access_control_allow_origin], "*");
}

TEST(ServiceRoutes, TheDiscoveryDocumentsListItFromItsDeclaration) {
  std::atomic<int> runs{0};
  Catalogue catalogue;
  catalogue.services.push_back(listing_of(echo_service(Redemption::single_use, runs)));
  auto openapi = json::parse(openapi_json(catalogue));
  const auto& post = openapi.at("paths").at("/api/l402/echo").at("post");
  EXPECT_EQ(post.at("summary").as_string(), "Echo");
  const auto text = post.at("requestBody")
                        .at("content")
                        .at("application/json")
                        .at("schema")
                        .at("properties")
                        .at("text");
  EXPECT_EQ(text.at("maxLength").to_number<int>(), 100);
  auto well_known = json::parse(well_known_json(catalogue));
  EXPECT_NE(json::serialize(well_known).find("/api/l402/echo"), std::string::npos);
  EXPECT_EQ(runs, 0);
}

TEST(ServiceRoutes, PreflightsAreAnsweredForTheServicePath) {
  EchoServer s(Redemption::single_use);
  auto res = s.send(Verb::options, "");
  EXPECT_EQ(res.result(), Status::no_content);
  EXPECT_NE(res[Field::access_control_allow_headers].find("Authorization"), std::string::npos);
}

TEST(ServiceRoutes, AReusableServiceTakesOneTokenForManyRequests) {
  EchoServer s(Redemption::reusable);
  auto auth = s.pay(R"({"text":"one"})");
  EXPECT_EQ(s.send(Verb::post, R"({"text":"one"})", auth).body(), R"({"echo":"one"})");
  EXPECT_EQ(s.send(Verb::post, R"({"text":"two"})", auth).body(), R"({"echo":"two"})");
  EXPECT_EQ(s.runs, 2);
}

TEST(ServiceRoutes, FreebiesAreServedThenTheServiceIsSold) {
  access::AccessRules rules;
  rules.auth = access::AccessRules::Auth::freebies;
  rules.free_per_day = 2;
  EchoServer s(Redemption::single_use, rules);
  for (const auto* left : {"1", "0"}) {
    auto gift = s.send(Verb::post, R"({"text":"hi"})");
    ASSERT_EQ(gift.result(), Status::ok) << gift.body();
    EXPECT_EQ(gift.body(), R"({"echo":"hi"})");
    EXPECT_EQ(gift["X-Free-Requests-Remaining"], left);
    EXPECT_TRUE(gift[Field::www_authenticate].empty());
  }
  EXPECT_EQ(s.runs, 2);
  auto sold = s.send(Verb::post, R"({"text":"hi"})");
  EXPECT_EQ(sold.result(), Status::payment_required);
  EXPECT_EQ(s.send(Verb::post, R"({"txt":"hi"})").result(), Status::bad_request)
      << "bad input is refused before any allowance or invoice";
}

TEST(ServiceRoutes, TooManyChallengesFromOneClientGet429) {
  access::AccessRules rules;
  rules.challenges_per_minute = 2;
  EchoServer s(Redemption::single_use, rules);
  auto auth = s.pay(R"({"text":"paid"})");
  EXPECT_EQ(s.send(Verb::post, R"({"text":"hi"})").result(), Status::payment_required);
  auto limited = s.send(Verb::post, R"({"text":"hi"})");
  ASSERT_EQ(limited.result(), Status::too_many_requests) << limited.body();
  EXPECT_FALSE(limited[Field::retry_after].empty());
  EXPECT_EQ(json::parse(limited.body()).at("error").at("code").as_string(), "too_many_challenges");
  EXPECT_EQ(limited[Field::access_control_allow_origin], "*");
  auto paid = s.send(Verb::post, R"({"text":"paid"})", auth);
  EXPECT_EQ(paid.result(), Status::ok) << "a paid request is never limited";
}

TEST(ServiceRoutes, AServiceWithAuthOffIsServedFree) {
  access::AccessRules rules;
  rules.auth = access::AccessRules::Auth::off;
  EchoServer s(Redemption::single_use, rules);
  auto res = s.send(Verb::post, R"({"text":"hi"})");
  EXPECT_EQ(res.result(), Status::ok);
  EXPECT_EQ(res.body(), R"({"echo":"hi"})");
}

}  // namespace
}  // namespace l402d::api
