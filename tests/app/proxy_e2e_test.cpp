// l402d as a paying reverse proxy, end to end: the real binary in front of
// real upstreams started here (Debian's nginx for files and slow bodies, an
// in-process server for streams, failures and what it was sent).

#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <fstream>
#include <iostream>

#include "bolt11/codec.hpp"
#include "http/body_writer.hpp"
#include "http/raw_client.hpp"
#include "l402/macaroon.hpp"
#include "support/e2e_fixture.hpp"
#include "support/fake_upstream.hpp"
#include "support/nginx_process.hpp"

namespace l402d::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string error_code(const net::HttpResponse& r) {
  try {
    return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
  } catch (...) {
    return "(not a JSON error: " + r.body.substr(0, 200) + ")";
  }
}

// The process's peak resident memory (VmHWM), in bytes.
std::uint64_t peak_rss(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

// nginx's WebDAV PUT stores what arrives, so an upload is checked on disk.
constexpr const char* kDavLocation =
    "location / { root @ROOT@; dav_methods PUT; client_max_body_size 0; }";

class ProxyTest : public EndToEndTest {
 protected:
  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "l402d's log:\n" << server_->log();
    upstream_.stop();
    nginx_.reset();
    std::filesystem::remove_all(dir_.string() + "-nginx");
    EndToEndTest::TearDown();
  }

  // A service `name` on /<name>/ in front of `url`, which gets the path
  // below the prefix, with extra TOML keys.
  static std::string service(const std::string& name, const std::string& url,
                             const std::string& extra = "") {
    return "[services." + name + "]\nupstream = \"" + url +
           "\"\nprice_sats = 7\nstrip_match = true\n" + extra + "\n";
  }

  net::HttpResponse call(const std::string& method, const std::string& path,
                         const std::string& authorization = {}, const std::string& body = {},
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    net::HttpRequest r;
    r.method = method;
    r.body = body;
    r.headers = std::move(headers);
    if (!authorization.empty()) r.headers.emplace_back("Authorization", authorization);
    return send(r, path);
  }
  // 402 first, then the credential that pays for it.
  std::string buy(const std::string& path) {
    auto challenge = call("GET", path);
    EXPECT_EQ(challenge.status, 402) << challenge.body;
    return pay(challenge);
  }

  void start_nginx(const std::string& locations) {
    nginx_ = std::make_unique<NginxProcess>(dir_.string() + "-nginx", locations);
    std::filesystem::create_directories(nginx_->root());
    std::ofstream(nginx_->root() / "data.json") << R"({"rows":[1,2,3]})";
    std::ofstream(nginx_->root() / "big.bin") << std::string(60'000, 'x');
    nginx_->start();
  }

  FakeUpstream upstream_;
  std::unique_ptr<NginxProcess> nginx_;
};

TEST_F(ProxyTest, ANginxFileIsSoldAndNoCredentialReachesNginx) {
  start_nginx("location / { root @ROOT@; }");
  ::setenv("L402D_TEST_UPSTREAM_KEY", "sk-upstream-42", 1);
  start_with_config(
      service("files", nginx_->url(),
              "match = \"/files/\"\n"
              "[services.files.headers]\nX-Api-Key = \"${L402D_TEST_UPSTREAM_KEY}\""));
  auto challenge = call("GET", "/files/data.json");
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  EXPECT_EQ(nginx_->access_log(), "") << "nothing is forwarded before payment";
  const auto auth = pay(challenge);
  auto paid = call("GET", "/files/data.json", auth, {}, {{"X-Payment", "junk"}});
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(paid.body, R"({"rows":[1,2,3]})");
  EXPECT_EQ(paid.header("content-type"), "application/json");
  for (int i = 0; i < 100 && nginx_->access_log().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  // nginx logged:
  // request|authorization|x-payment|payment-signature|xff|proto|host|forwarded|key|connection
  const auto line = nginx_->access_log();
  EXPECT_NE(line.find("GET /data.json HTTP/1.1|-|-|-|127.0.0.1|http|127.0.0.1:" +
                      std::to_string(server_->port()) + "|for=127.0.0.1;proto=http;host="),
            std::string::npos)
      << line;
  EXPECT_NE(line.find("|sk-upstream-42|"), std::string::npos) << line;
  EXPECT_EQ(line.find("L402"), std::string::npos) << "the credential never reaches the upstream";
  EXPECT_EQ(server_->log().find("sk-upstream-42"), std::string::npos)
      << "nor the seller's key the log";
}

TEST_F(ProxyTest, AReusableTokenServesItsUsesThenAsksForANewPayment) {
  start_nginx("location / { root @ROOT@; }");
  start_with_config(service("files", nginx_->url(), "uses = 3"));
  const auto auth = buy("/files/data.json");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(call("GET", "/files/data.json", auth).status, 200) << i;
  auto fourth = call("GET", "/files/data.json", auth);
  EXPECT_EQ(fourth.status, 402);
  EXPECT_EQ(error_code(fourth), "token_used_up");
  EXPECT_FALSE(fourth.header("www-authenticate").empty()) << "with a fresh challenge";
}

TEST_F(ProxyTest, ATokensLifetimeIsTheServicesOwn) {
  start_nginx("location / { root @ROOT@; }");
  start_with_config("[l402]\ninvoice_expiry_seconds = 120\n" +
                    service("files", nginx_->url(), "token_seconds = 120"));
  auto challenge = call("GET", "/files/data.json");
  const auto macaroon = l402::Macaroon::parse_base64(
      std::string(boost::json::parse(challenge.body).at("macaroon").as_string()));
  ASSERT_TRUE(macaroon);
  std::int64_t valid_until = 0;
  for (const auto& caveat : macaroon->caveats())
    if (caveat.id.rfind("files_valid_until=", 0) == 0)
      valid_until = std::stoll(caveat.id.substr(18));
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  EXPECT_NEAR(static_cast<double>(valid_until - now), 120, 5);
  auto catalogue = boost::json::parse(get("/.well-known/l402-services").body);
  bool listed = false;
  for (const auto& s : catalogue.at("services").as_array()) {
    if (s.at("name") != "files") continue;
    listed = true;
    EXPECT_EQ(s.at("redemption"), "reusable");
    EXPECT_EQ(s.at("token_validity_seconds").as_int64(), 120);
    EXPECT_EQ(s.at("path_prefix"), "/files/");
  }
  EXPECT_TRUE(listed);
}

TEST_F(ProxyTest, AnUpstream5xxOrOutageChargesNothing) {
  int calls = 0;
  upstream_.on(http::Verb::get, "/flaky", [&calls](const http::Request& req) {
    return FakeUpstream::json(
        req, ++calls == 1 ? http::Status::internal_server_error : http::Status::ok, R"({"n":1})");
  });
  upstream_.start();
  const auto dead = "http://127.0.0.1:" + std::to_string(free_local_port());
  start_with_config(service("api", upstream_.url(), "uses = 1") + service("dead", dead));
  const auto auth = buy("/api/flaky");
  auto failed = call("GET", "/api/flaky", auth);
  EXPECT_EQ(failed.status, 502) << failed.body;
  EXPECT_EQ(error_code(failed), "upstream_error");
  EXPECT_NE(failed.body.find("kept"), std::string::npos) << "says the payment was kept";
  EXPECT_EQ(call("GET", "/api/flaky", auth).status, 200) << "the one use was still there";
  EXPECT_EQ(call("GET", "/api/flaky", auth).status, 402);

  auto down = call("GET", "/dead/x", buy("/dead/x"));
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_EQ(error_code(down), "upstream_unavailable");
  EXPECT_FALSE(down.header("retry-after").empty());
}

TEST_F(ProxyTest, AnUpstream4xxIsTheBuyersAndPassesThroughAsItIs) {
  upstream_.on(http::Verb::post, "/chat", [](const http::Request& req) {
    auto res = FakeUpstream::json(req, http::Status::unprocessable_entity,
                                  R"({"detail":"model is required"})");
    res.set(http::Field::access_control_allow_origin, "https://app.example");
    res.set(http::Field::access_control_expose_headers, "X-Request-Id");
    res.head().set("X-Request-Id", "r-1");
    return res;
  });
  upstream_.start();
  start_with_config(service("chat", upstream_.url(), "match = \"/v1/\"\nuses = 1"));
  const auto auth = buy("/v1/chat");
  auto answer =
      call("POST", "/v1/chat", auth, R"({"messages":[]})", {{"Content-Type", "application/json"}});
  EXPECT_EQ(answer.status, 422);
  EXPECT_EQ(answer.body, R"({"detail":"model is required"})");
  EXPECT_EQ(answer.header("x-request-id"), "r-1");
  EXPECT_EQ(answer.header("access-control-allow-origin"), "https://app.example")
      << "the upstream's CORS rule is kept";
  const auto exposed = std::string(answer.header("access-control-expose-headers"));
  EXPECT_NE(exposed.find("X-Request-Id"), std::string::npos) << exposed;
  EXPECT_NE(exposed.find("WWW-Authenticate"), std::string::npos) << exposed;
  EXPECT_EQ(call("POST", "/v1/chat", auth, "{}").status, 402) << "a 4xx is paid for";
  const auto seen = upstream_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].body(), R"({"messages":[]})");
  EXPECT_EQ(seen[0][http::Field::authorization], "");
}

TEST_F(ProxyTest, ServerSentEventsArriveAsTheUpstreamSendsThem) {
  upstream_.on(http::Verb::get, "/events", [](const http::Request& req) -> http::Response {
    return http::make_stream_response(req, http::Status::ok, "text/event-stream",
                                      [](http::BodyWriter& w) -> boost::asio::awaitable<void> {
                                        for (int i = 0; i < 4; ++i) {
                                          co_await w.write("data: " + std::to_string(i) + "\n\n");
                                          boost::asio::steady_timer t(
                                              co_await boost::asio::this_coro::executor,
                                              std::chrono::milliseconds(400));
                                          co_await t.async_wait(boost::asio::use_awaitable);
                                        }
                                      });
  });
  upstream_.start();
  start_with_config(service("sse", upstream_.url(), "idle_timeout_seconds = 1"));
  const auto auth = buy("/sse/events");
  net::HttpRequest r;
  r.url = server_->url("/sse/events");
  r.headers = {{"Authorization", auth}};
  std::string body;
  std::optional<Clock::duration> first;
  const auto started = Clock::now();
  auto res = net::perform(r, [&](std::string_view piece) {
    if (!first) first = Clock::now() - started;
    body.append(piece);
    return true;
  });
  const auto whole = Clock::now() - started;
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.header("content-type"), "text/event-stream");
  EXPECT_EQ(body, "data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n");
  ASSERT_TRUE(first);
  EXPECT_LT(*first, std::chrono::milliseconds(800)) << "the first event is not held back";
  EXPECT_GE(whole, std::chrono::milliseconds(1500)) << "and the stream outlasted the idle timeout";
}

TEST_F(ProxyTest, AnUpstreamThatBreaksOffMidBodyCutsTheBuyersBodyAndGivesTheUseBack) {
  upstream_.on(http::Verb::get, "/half", [](const http::Request& req) -> http::Response {
    auto res = http::make_stream_response(req, http::Status::ok, "application/octet-stream",
                                          [](http::BodyWriter& w) -> boost::asio::awaitable<void> {
                                            co_await w.write(std::string(500, 'a'));
                                            throw std::runtime_error("upstream crashed");
                                          });
    res.head.content_length(1000);
    return res;
  });
  upstream_.on(http::Verb::get, "/whole", [](const http::Request& req) {
    return FakeUpstream::json(req, http::Status::ok, "{}");
  });
  upstream_.start();
  start_with_config(service("api", upstream_.url(), "uses = 1"));
  const auto auth = buy("/api/whole");
  net::HttpRequest r;
  r.url = server_->url("/api/half");
  r.headers = {{"Authorization", auth}};
  EXPECT_THROW(net::perform(r), net::HttpError) << "a cut-off body is never taken for a whole one";
  EXPECT_EQ(call("GET", "/api/whole", auth).status, 200) << "the use came back";
  EXPECT_EQ(call("GET", "/api/whole", auth).status, 402);
}

TEST_F(ProxyTest, ASlowBodyFlowsPastTheIdleTimeoutAndASilentUpstreamTimesOut) {
  start_nginx("location / { root @ROOT@; limit_rate 20k; }");
  upstream_.on(http::Verb::get, "/silent", [](const http::Request& req) {
    return FakeUpstream::json(req, http::Status::ok, "{}");
  });
  upstream_.set_delay(std::chrono::milliseconds(3000));
  upstream_.start();
  start_with_config(service("slow", nginx_->url(), "idle_timeout_seconds = 2") +
                    service("silent", upstream_.url(), "idle_timeout_seconds = 1\nuses = 1"));
  const auto started = Clock::now();
  auto big = call("GET", "/slow/big.bin", buy("/slow/big.bin"));
  EXPECT_EQ(big.status, 200);
  EXPECT_EQ(big.body.size(), 60'000u);
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(2000))
      << "nginx paced it past the idle timeout";

  const auto auth = buy("/silent/silent");
  auto silent = call("GET", "/silent/silent", auth);
  EXPECT_EQ(silent.status, 503) << silent.body;
  EXPECT_EQ(error_code(silent), "upstream_timeout");
  upstream_.set_delay(std::chrono::milliseconds(0));
  EXPECT_EQ(call("GET", "/silent/silent", auth).status, 200) << "the use was kept";
}

TEST_F(ProxyTest, OurOwnRoutesWinOverACatchAllUpstream) {
  start_nginx("location / { root @ROOT@; }");
  start_with_config(service("all", nginx_->url(), "match = \"/\""));
  EXPECT_EQ(get("/.well-known/l402-services").status, 200);
  EXPECT_EQ(get("/healthz").status, 200);
  EXPECT_EQ(
      call("POST", "/api/l402/vision", {}, "{}", {{"Content-Type", "application/json"}}).status,
      400)
      << "still the vision service";
  EXPECT_EQ(call("GET", "/data.json").status, 402) << "everything else is sold";
}

TEST_F(ProxyTest, ASingleUseProxiedServiceReplaysItsStoredReply) {
  int calls = 0;
  upstream_.on(http::Verb::post, "/render", [&calls](const http::Request& req) {
    return FakeUpstream::json(req, http::Status::ok, "{\"n\":" + std::to_string(++calls) + "}");
  });
  upstream_.start();
  start_with_config(service("render", upstream_.url(), "redemption = \"single_use\""));
  auto challenge = call("POST", "/render/render", {}, R"({"x":1})");
  ASSERT_EQ(challenge.status, 402);
  const auto auth = pay(challenge);
  auto first = call("POST", "/render/render", auth, R"({"x":1})");
  auto replay = call("POST", "/render/render", auth, R"({"x":1})");
  EXPECT_EQ(first.body, R"({"n":1})");
  EXPECT_EQ(replay.body, R"({"n":1})") << "the stored reply, not a second upstream call";
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(call("POST", "/render/render", auth, R"({"x":2})").status, 402)
      << "the token is bound to its request";
  EXPECT_EQ(call("POST", "/render/render?size=large", auth, R"({"x":1})").status, 402)
      << "and to its query string";
}

// One request's quote, its 402's price and its invoice's amount.
struct Priced {
  std::uint64_t quoted_sats = 0;
  std::uint64_t challenged_sats = 0;
  std::uint64_t invoiced_msat = 0;
  net::HttpResponse challenge;
};

TEST_F(ProxyTest, RulesPriceEachRequestAndTheQuoteTheChallengeAndTheInvoiceAgree) {
  upstream_.on(http::Verb::post, "/chat", [](const http::Request& req) {
    return FakeUpstream::json(req, http::Status::ok, R"({"ok":true})");
  });
  upstream_.start();
  start_with_config(service("chat", upstream_.url(),
                            "match = \"/v1/\"\nuses = 2\nmax_price_sats = 500\n"
                            "[[services.chat.price_rules]]\nfield = \"/model\"\nequals = \"big\"\n"
                            "price_sats = 100\n"
                            "[[services.chat.size_charges]]\nunit = \"field_chars\"\n"
                            "field = \"/messages\"\nper = 10\nprice_msat = 1500\n"));
  auto price = [&](const std::string& body) {
    Priced p;
    auto quote = post("/api/quote", R"({"method":"POST","path":"/v1/chat","body":)" + body + "}");
    EXPECT_EQ(quote.status, 200) << quote.body;
    p.quoted_sats = boost::json::parse(quote.body).at("price_sats").to_number<std::uint64_t>();
    p.challenge = call("POST", "/v1/chat", {}, body, {{"Content-Type", "application/json"}});
    EXPECT_EQ(p.challenge.status, 402);
    const auto challenge = boost::json::parse(p.challenge.body);
    p.challenged_sats = challenge.at("price_sats").to_number<std::uint64_t>();
    auto invoice = bolt11::decode(challenge.at("invoice").as_string());
    EXPECT_TRUE(invoice);
    if (invoice) p.invoiced_msat = invoice->amount_msat.value_or(0);
    return p;
  };
  const std::string small = R"({"model":"small","messages":[{"content":"hi"}]})";
  const std::string big = R"({"model":"big","messages":[{"content":"twenty-five characters.."}]})";
  const auto cheap = price(small);
  EXPECT_EQ(cheap.quoted_sats, 9u) << "7 sats + 1 step of 1.5 sats, rounded up";
  EXPECT_EQ(cheap.challenged_sats, 9u);
  EXPECT_EQ(cheap.invoiced_msat, 9'000u);
  const auto dear = price(big);
  EXPECT_EQ(dear.quoted_sats, 105u) << "the model's rule: 100 sats + 3 steps";
  EXPECT_EQ(dear.challenged_sats, 105u);
  EXPECT_EQ(dear.invoiced_msat, 105'000u);

  const auto auth = pay(cheap.challenge);
  auto refused = call("POST", "/v1/chat", auth, big, {{"Content-Type", "application/json"}});
  EXPECT_EQ(refused.status, 402) << "a token bought cheaply does not pay a dearer request";
  EXPECT_EQ(error_code(refused), "caveat_price");
  EXPECT_EQ(call("POST", "/v1/chat", auth, small, {{"Content-Type", "application/json"}}).status,
            200);
  EXPECT_EQ(upstream_.requests().size(), 1u);

  auto unknown = post("/api/quote", R"({"method":"GET","path":"/nowhere"})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(error_code(unknown), "service_unknown");
}

TEST_F(ProxyTest, AQuoteForABuiltInServiceValidatesLikeTheServiceItself) {
  start();
  auto bad = post("/api/quote", R"({"path":"/api/l402/vision","body":{"prompt":"hi"}})");
  auto direct = post("/api/l402/vision", R"({"prompt":"hi"})");
  EXPECT_EQ(bad.status, direct.status);
  EXPECT_EQ(error_code(bad), error_code(direct));
  auto ok = post("/api/quote",
                 R"({"path":"/api/l402/music","body":{"prompt":"upbeat pop song about summer",)"
                 R"("lyrics":"Walking on the beach, sun is shining bright, every day feels right",)"
                 R"("model":"Music Generation"}})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(boost::json::parse(ok.body).at("price_sats").to_number<std::uint64_t>(), 100u);
}

}  // namespace
}  // namespace l402d::testing

namespace l402d::testing {
namespace {

TEST_F(ProxyTest, AnUploadStreamsToTheUpstreamWithMemoryFlat) {
  start_nginx(kDavLocation);
  start_with_config(service("files", nginx_->url(), "uses = 2"));
  const auto auth = buy("/files/data.json");
  const auto before = peak_rss(server_->pid());
  const std::uint64_t size = 200ULL * 1024 * 1024;
  std::string body(size, 'u');
  body.replace(size - 3, 3, "end");
  net::HttpRequest r;
  r.method = "PUT";
  r.body = std::move(body);
  r.headers = {{"Authorization", auth}};
  r.timeout = std::chrono::minutes(2);
  auto put = send(r, "/files/upload.bin");
  EXPECT_EQ(put.status, 201) << put.body;
  const auto stored = nginx_->root() / "upload.bin";
  ASSERT_TRUE(std::filesystem::exists(stored));
  EXPECT_EQ(std::filesystem::file_size(stored), size) << "every byte reached the upstream";
  std::ifstream in(stored, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(size - 3));
  std::string tail(3, '\0');
  in.read(tail.data(), 3);
  EXPECT_EQ(tail, "end");
  const auto growth = peak_rss(server_->pid()) - before;
  EXPECT_LT(growth, 16u * 1024 * 1024) << "l402d's peak memory grew by " << growth << " bytes";
}

TEST_F(ProxyTest, AnUploadCutMidwayChargesNothing) {
  start_nginx(kDavLocation);
  start_with_config(service("files", nginx_->url(), "uses = 1"));
  const auto auth = buy("/files/data.json");
  {
    RawClient c(server_->port());
    c.write("PUT /files/cut.bin HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth +
            "\r\nContent-Length: 50000000\r\n\r\n" + std::string(1'000'000, 'c'));
  }  // the buyer goes away midway
  net::HttpResponse whole;
  for (int i = 0; i < 100; ++i) {
    whole = call("PUT", "/files/whole.bin", auth, "all of it");
    if (whole.status != 402) break;  // the cut request still holds the use
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(whole.status, 201) << "the use came back: " << whole.body;
  EXPECT_EQ(call("PUT", "/files/again.bin", auth, "x").status, 402) << "and was then taken";
  EXPECT_FALSE(std::filesystem::exists(nginx_->root() / "cut.bin"));
}

TEST_F(ProxyTest, ABigUploadBeforePaymentIsAskedToPayWithoutSendingItsBody) {
  start_nginx(kDavLocation);
  start_with_config(service("files", nginx_->url()));
  RawClient c(server_->port());
  c.write(
      "PUT /files/big.bin HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
      "Content-Length: 500000000\r\n\r\n");
  const auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_NE(head->find("402 Payment Required"), std::string::npos) << *head;
  EXPECT_NE(head->find("WWW-Authenticate: L402"), std::string::npos) << *head;
  EXPECT_NE(head->find("Connection: close"), std::string::npos) << *head;
}

TEST_F(ProxyTest, AnUploadOverTheServicesLimitIs413BeforeAnyInvoice) {
  start_nginx(kDavLocation);
  start_with_config(service("files", nginx_->url(), "upload_limit_bytes = 100000000"));
  RawClient c(server_->port());
  c.write("PUT /files/big.bin HTTP/1.1\r\nHost: x\r\nContent-Length: 100000001\r\n\r\n");
  const auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_NE(head->find("413"), std::string::npos) << *head;
  EXPECT_EQ(head->find("WWW-Authenticate: L402"), std::string::npos) << *head;
}

TEST_F(ProxyTest, AServicePricedByAJsonFieldReadsItsBodyWhole) {
  start_nginx(kDavLocation);
  start_with_config(service("files", nginx_->url(),
                            "[[services.files.price_rules]]\nfield = \"/model\"\n"
                            "equals = \"big\"\nprice_sats = 50"));
  RawClient c(server_->port());
  c.write("PUT /files/big.bin HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n");
  const auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_NE(head->find("413"), std::string::npos)
      << "over [server] body_limit_bytes, as the price needs the body: " << *head;
}

}  // namespace
}  // namespace l402d::testing
