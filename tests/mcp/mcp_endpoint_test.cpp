#include "mcp/mcp_endpoint.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include "util/base64.hpp"

namespace l402d::mcp {
namespace {

namespace asio = boost::asio;

const api::RequestSchema& echo_schema() {
  static const api::RequestSchema schema({{.name = "text", .required = true}});
  return schema;
}
const api::ResultSchema& echo_result() {
  static const api::ResultSchema schema({{.name = "content", .required = true}});
  return schema;
}

// The server's routes, as the endpoint sees them: what was asked of them is
// kept, and they answer as the paid routes do.
struct FakeRoutes {
  struct Seen {
    std::string method, target, body, authorization, prefer, remote;
  };
  std::vector<Seen> seen;

  http::Response answer(const http::Request& req) {
    auto reply = [&](http::Status s, std::string body) {
      return http::make_response(req, s, "application/json", std::move(body));
    };
    const auto target = std::string(req.target());
    const bool paid = req.find(http::Field::authorization) != req.end();
    if (target == "/api/l402/jobs/abc")
      return reply(http::Status::ok, R"({"audioUrl":"http://h/a.mp3"})");
    if (target == "/api/quote")
      return reply(http::Status::ok, R"({"price_sats":3,"price_msat":3000})");
    if (target == "/.well-known/l402-services")
      return reply(http::Status::ok, R"({"services":[]})");
    if (target == "/api/l402/slow" && paid)
      return reply(http::Status::accepted,
                   R"({"job_id":"abc","status":"processing","stage":"running"})");
    if (paid) return reply(http::Status::ok, R"({"content":"echoed"})");
    auto res = reply(
        http::Status::payment_required,
        R"({"price_sats":3,"invoice":"lnbcrt30n1x","macaroon":"AgEmac","payment_hash":"ab","expires_at":1})");
    const auto request = base64url_encode(std::string(R"({"amount":"3"})"));
    res.insert(http::Field::www_authenticate,
               R"(Payment id="cid", realm="r", method="lightning", intent="charge", request=")" +
                   request + "\"");
    return res;
  }

  http::Handler handler() {
    return [this](http::Exchange& ex) -> asio::awaitable<http::Response> {
      auto header = [&](http::Field f) {
        auto it = ex.request.find(f);
        return it == ex.request.end() ? std::string() : std::string(it->value());
      };
      seen.push_back({std::string(ex.request.method_string()), std::string(ex.request.target()),
                      ex.request.body(), header(http::Field::authorization),
                      std::string(ex.request["Prefer"]), ex.remote_address});
      co_return answer(ex.request);
    };
  }
};

class McpEndpointTest : public ::testing::Test {
 protected:
  McpEndpointTest() {
    api::Catalogue c;
    c.services = {
        {"echo", "/api/l402/echo", "Echo", "Says it back.", 3, &echo_schema(), &echo_result()},
        {"slow", "/api/l402/slow", "Slow", "Takes long.", 3, &echo_schema(), &echo_result()}};
    McpOptions o;
    o.public_url = [] { return std::string("https://ai.example.com"); };
    o.mpp_rail = true;
    endpoint = std::make_shared<McpEndpoint>(ToolCatalogue(c, {"slow"}), routes.handler(), o);
  }

  http::StringResponse post(const std::string& body,
                            std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::Exchange ex;
    ex.remote_address = "203.0.113.9";
    ex.request = http::Request{http::Verb::post, "/mcp", 11};
    ex.request.set(http::Field::content_type, "application/json");
    for (const auto& [name, value] : headers)
      ex.request.set(name, value);
    ex.request.body() = body;
    auto done = asio::co_spawn(io, endpoint->post(ex), asio::use_future);
    io.restart();
    io.run();
    return std::get<http::StringResponse>(done.get().message);
  }

  json::value call(const std::string& tool, const std::string& arguments,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    const auto body = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":")" + tool +
                      R"(","arguments":)" + arguments + "}}";
    return json::parse(post(body, std::move(headers)).body());
  }

  std::string initialize(bool mpp) {
    const std::string caps = mpp ? R"({"experimental":{"payment":{"methods":{}}}})" : "{}";
    auto res = post(
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":)" +
        caps + "}}");
    return std::string(res["Mcp-Session-Id"]);
  }

  asio::io_context io;
  FakeRoutes routes;
  std::shared_ptr<McpEndpoint> endpoint;
};

TEST_F(McpEndpointTest, InitializeOpensASession) {
  auto res = post(
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{}}})");
  EXPECT_EQ(res.result(), http::Status::ok);
  EXPECT_EQ(std::string(res["Mcp-Session-Id"]).size(), 32u);
  auto result = json::parse(res.body()).at("result");
  EXPECT_EQ(result.at("protocolVersion"), "2025-06-18");
  EXPECT_TRUE(result.at("capabilities").as_object().contains("tools"));
  EXPECT_TRUE(result.at("capabilities").at("experimental").as_object().contains("payment"));
  auto missing =
      json::parse(post(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})").body());
  EXPECT_EQ(missing.at("error").at("code"), -32602);
}

TEST_F(McpEndpointTest, AnUnpaidCallIsAnInProcessPostWithoutCredential) {
  auto r = call("echo", R"({"text":"hi"})");
  EXPECT_EQ(r.at("result").at("isError"), true);
  EXPECT_EQ(r.at("result").at("structuredContent").at("invoice"), "lnbcrt30n1x");
  ASSERT_EQ(routes.seen.size(), 1u);
  EXPECT_EQ(routes.seen[0].method, "POST");
  EXPECT_EQ(routes.seen[0].target, "/api/l402/echo");
  EXPECT_EQ(json::parse(routes.seen[0].body), json::parse(R"({"text":"hi"})"));
  EXPECT_EQ(routes.seen[0].authorization, "");
  EXPECT_EQ(routes.seen[0].remote, "203.0.113.9") << "free allowances count the real client";
}

TEST_F(McpEndpointTest, APaidCallCarriesTheCredentialAndNotThePayment) {
  auto r = call("echo", R"({"text":"hi","payment":{"macaroon":"AgEmac","preimage":"00ff"}})");
  EXPECT_EQ(r.at("result").at("isError"), false);
  EXPECT_EQ(r.at("result").at("content").at(0).at("text"), "echoed");
  ASSERT_EQ(routes.seen.size(), 1u);
  EXPECT_EQ(routes.seen[0].authorization, "L402 AgEmac:00ff");
  EXPECT_EQ(json::parse(routes.seen[0].body), json::parse(R"({"text":"hi"})"));
  EXPECT_EQ(routes.seen[0].prefer, "") << "a quick tool waits for its answer";
}

TEST_F(McpEndpointTest, ALongToolIsAskedForAsAJobAndCheckedWithCheckJob) {
  call("slow", R"({"text":"hi"})");
  EXPECT_EQ(routes.seen.back().prefer, "") << "not on the unpaid call";
  auto job = call("slow", R"({"text":"hi","payment":{"macaroon":"m","preimage":"p"}})");
  EXPECT_EQ(routes.seen.back().prefer, "respond-async");
  EXPECT_EQ(job.at("result").at("structuredContent").at("job_id"), "abc");
  auto done = call("check_job", R"({"job_id":"abc","payment":{"macaroon":"m","preimage":"p"}})");
  EXPECT_EQ(routes.seen.back().method, "GET");
  EXPECT_EQ(routes.seen.back().target, "/api/l402/jobs/abc");
  EXPECT_EQ(routes.seen.back().authorization, "L402 m:p");
  EXPECT_EQ(done.at("result").at("structuredContent").at("audioUrl"), "http://h/a.mp3");
  const auto before = routes.seen.size();
  auto odd =
      call("check_job", R"({"job_id":"../../dev/pay","payment":{"macaroon":"m","preimage":"p"}})");
  EXPECT_EQ(odd.at("result").at("isError"), true);
  EXPECT_EQ(routes.seen.size(), before) << "never sent";
}

TEST_F(McpEndpointTest, QuoteAndListServicesAreFree) {
  auto q = call("quote", R"({"tool":"echo","arguments":{"text":"hi","payment":{"macaroon":"m"}}})");
  EXPECT_EQ(routes.seen.back().target, "/api/quote");
  EXPECT_EQ(json::parse(routes.seen.back().body),
            json::parse(R"({"method":"POST","path":"/api/l402/echo","body":{"text":"hi"}})"));
  EXPECT_NE(std::string(q.at("result").at("content").at(0).at("text").as_string()).find("3 sats"),
            std::string::npos);
  call("list_services", "{}");
  EXPECT_EQ(routes.seen.back().target, "/.well-known/l402-services");
  auto unknown = call("nope", "{}");
  EXPECT_EQ(unknown.at("error").at("code"), -32602);
}

TEST_F(McpEndpointTest, AClientThatPaysInBandWithMppGets32042) {
  const auto session = initialize(true);
  auto r = call("echo", R"({"text":"hi"})", {{"Mcp-Session-Id", session}});
  EXPECT_EQ(r.at("error").at("code"), -32042);
  EXPECT_EQ(r.at("error").at("data").at("challenges").at(0).at("request").at("amount"), "3");
  auto plain = call("echo", R"({"text":"hi"})", {{"Mcp-Session-Id", initialize(false)}});
  EXPECT_EQ(plain.at("result").at("isError"), true);
}

TEST_F(McpEndpointTest, RefusesForeignOriginsAndUnknownSessions) {
  const std::string ping = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
  EXPECT_EQ(post(ping, {{"Origin", "https://evil.example"}}).result(), http::Status::forbidden);
  EXPECT_EQ(post(ping, {{"Origin", "https://ai.example.com"}}).result(), http::Status::ok);
  EXPECT_EQ(post(ping, {{"Mcp-Session-Id", "nope"}}).result(), http::Status::not_found);
  EXPECT_EQ(post(ping, {{"Content-Type", "Application/JSON; charset=utf-8"}}).result(),
            http::Status::ok);
  EXPECT_EQ(post(ping, {{"Content-Type", "text/plain"}}).result(),
            http::Status::unsupported_media_type);
}

}  // namespace
}  // namespace l402d::mcp
