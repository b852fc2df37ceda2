// The seller's admin API and `l402d admin` through the real binary: a vision
// request bought with the development node shows in the tokens and the
// books; a price changed live shows in discovery and the next invoice; a
// disabled service refuses before any invoice; a revoked token is refused.

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "support/e2e_fixture.hpp"

namespace l402d::testing {
namespace {

namespace json = boost::json;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class AdminEndToEnd : public EndToEndTest {
 protected:
  void SetUp() override {
    EndToEndTest::SetUp();
    start();
    token_ = read_binary_file(dir_ / "admin.token");
    while (!token_.empty() && std::isspace(static_cast<unsigned char>(token_.back())))
      token_.pop_back();
    request_ = image_request("What is in this image?");
  }

  net::HttpResponse admin(const std::string& method, const std::string& path,
                          const std::string& body = {}, const std::string& bearer = "mine") {
    net::HttpRequest r;
    r.method = method;
    r.body = body;
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    if (!bearer.empty())
      r.headers.emplace_back("Authorization", "Bearer " + (bearer == "mine" ? token_ : bearer));
    return send(r, "/api/admin/" + path);
  }
  json::value admin_json(const std::string& method, const std::string& path,
                         const std::string& body = {}) {
    const auto r = admin(method, path, body);
    EXPECT_EQ(r.status, 200) << method << " " << path << ": " << r.body;
    return json::parse(r.body);
  }

  // `l402d admin ...` against the running server, through its listener.
  CliRun cli(const std::string& args) {
    const auto out = dir_.string() + ".out";
    const auto err = dir_.string() + ".err";
    const std::string cmd = std::string(L402D_BINARY) + " --data-dir " + dir_.string() +
                            " --listen 127.0.0.1:" + std::to_string(server_->port()) + " admin " +
                            args + " >" + out + " 2>" + err;
    CliRun r;
    const int status = std::system(cmd.c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_binary_file(out);
    r.err = read_binary_file(err);
    std::filesystem::remove(out);
    std::filesystem::remove(err);
    return r;
  }

  json::object vision_listing() {
    const auto doc = json::parse(get("/.well-known/l402-services").body);
    for (const auto& s : doc.at("services").as_array())
      if (s.at("name") == "vision") return s.as_object();
    return {};
  }

  // Buys one vision answer; returns the credential.
  std::string buy() {
    const auto challenge = post("/api/l402/vision", request_);
    EXPECT_EQ(challenge.status, 402) << challenge.body;
    const auto auth = pay(challenge);
    const auto paid = post("/api/l402/vision", request_, auth);
    EXPECT_EQ(paid.status, 200) << paid.body;
    return auth;
  }

  // `l402d admin mcp` fed `lines` on stdin until its end; the answers, one
  // JSON object a line.
  std::vector<json::object> mcp(const std::vector<std::string>& lines) {
    const auto in = dir_.string() + ".in";
    {
      std::ofstream f(in);
      for (const auto& l : lines)
        f << l << "\n";
    }
    auto run = cli("mcp <" + in);
    std::filesystem::remove(in);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    mcp_log_ = run.err;
    std::vector<json::object> answers;
    std::istringstream out(run.out);
    for (std::string line; std::getline(out, line);)
      answers.push_back(json::parse(line).as_object());
    return answers;
  }
  static std::string rpc(int id, std::string_view method, std::string_view params = "{}") {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" +
           std::string(method) + R"(","params":)" + std::string(params) + "}";
  }
  static std::string tool(int id, std::string_view name, std::string_view arguments = "{}") {
    return rpc(
        id, "tools/call",
        R"({"name":")" + std::string(name) + R"(","arguments":)" + std::string(arguments) + "}");
  }
  // A tool call's answer: its JSON text, parsed.
  static json::value tool_json(const json::object& answer) {
    return json::parse(answer.at("result").at("content").at(0).at("text").as_string());
  }

  std::string token_;
  std::string request_;
  std::string mcp_log_;
};

TEST_F(AdminEndToEnd, TheTokenFileIsPrivateAndRequired) {
  EXPECT_EQ(token_.size(), 64u);
  EXPECT_EQ(
      std::filesystem::status(dir_ / "admin.token").permissions() & std::filesystem::perms::all,
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto none = admin("GET", "services", {}, "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(json::parse(none.body).at("error").at("code"), "admin_unauthorized");
  EXPECT_EQ(admin("GET", "services", {}, std::string(64, '0')).status, 401);
  // The audit line names the call and never the token.
  const auto log = server_->log();
  EXPECT_NE(log.find("admin: GET /api/admin/services 401 from 127.0.0.1"), std::string::npos)
      << log;
  EXPECT_EQ(log.find(token_), std::string::npos);
}

TEST_F(AdminEndToEnd, ASaleShowsInTheTokensAndTheBooks) {
  const auto services = admin_json("GET", "services").at("services").as_array();
  std::uint64_t price = 0;
  for (const auto& s : services)
    if (s.at("name") == "vision") price = s.at("price_sats").to_number<std::uint64_t>();
  ASSERT_GT(price, 0u);

  buy();
  const auto tokens = admin_json("GET", "tokens?service=vision").at("tokens").as_array();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].at("state"), "redeemed");
  EXPECT_EQ(tokens[0].at("price_sats").to_number<std::uint64_t>(), price);
  EXPECT_TRUE(admin_json("GET", "tokens?service=music").at("tokens").as_array().empty());

  const auto books = admin_json("GET", "revenue?days=1");
  const auto rows = books.at("rows").as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("service"), "vision");
  EXPECT_EQ(rows[0].at("earned_sats").to_number<std::uint64_t>(), price);
  EXPECT_EQ(rows[0].at("redeemed").to_number<int>(), 1);
  EXPECT_EQ(books.at("totals").at("earned_sats").to_number<std::uint64_t>(), price);
}

TEST_F(AdminEndToEnd, APriceChangeIsLiveInDiscoveryAndTheNextInvoice) {
  const auto changed = admin_json("PATCH", "services/vision", R"({"price_sats": 25})");
  EXPECT_EQ(changed.at("price_sats").to_number<int>(), 25);
  EXPECT_EQ(vision_listing().at("price_sats").to_number<int>(), 25);
  const auto openapi = json::parse(get("/api/openapi.json").body);
  EXPECT_EQ(
      openapi.at("paths").at("/api/l402/vision").at("post").at("x-price-sats").to_number<int>(),
      25);
  EXPECT_TRUE(openapi.at("paths").as_object().contains("/api/admin/services"));

  const auto challenge = post("/api/l402/vision", request_);
  ASSERT_EQ(challenge.status, 402);
  const auto body = json::parse(challenge.body);
  EXPECT_EQ(body.at("price_sats").to_number<int>(), 25);
  // 25 sats = 250 nano-bitcoin, in the invoice's human-readable part.
  EXPECT_EQ(std::string(body.at("invoice").as_string()).rfind("lnbcrt250n1", 0), 0u)
      << body.at("invoice");
  // The token bought at the new price is served and booked at it.
  const auto paid = post("/api/l402/vision", request_, pay(challenge));
  EXPECT_EQ(paid.status, 200) << paid.body;
  const auto tokens = admin_json("GET", "tokens").at("tokens").as_array();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].at("price_sats").to_number<int>(), 25);

  // The setting is in the store: a restart keeps it.
  server_->kill(SIGTERM);
  server_->start();
  EXPECT_EQ(vision_listing().at("price_sats").to_number<int>(), 25);
}

TEST_F(AdminEndToEnd, ADisabledServiceRefusesBeforeAnyInvoice) {
  admin_json("PATCH", "services/vision", R"({"enabled": false})");
  const auto refused = post("/api/l402/vision", request_);
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(json::parse(refused.body).at("error").at("code"), "service_disabled");
  EXPECT_TRUE(refused.header("www-authenticate").empty());
  EXPECT_TRUE(vision_listing().empty());
  EXPECT_EQ(metric(R"(l402d_challenges_issued_total{service="vision"})"), 0);

  admin_json("PATCH", "services/vision", R"({"enabled": true})");
  EXPECT_EQ(post("/api/l402/vision", request_).status, 402);
  EXPECT_FALSE(vision_listing().empty());
}

TEST_F(AdminEndToEnd, ARevokedTokenIsRefused) {
  const auto auth = buy();
  const auto tokens = admin_json("GET", "tokens").at("tokens").as_array();
  ASSERT_EQ(tokens.size(), 1u);
  const auto id = std::string(tokens[0].at("id").as_string());
  const auto revoked = admin_json("POST", "tokens/" + id + "/revoke");
  EXPECT_EQ(std::string(revoked.at("revoked").as_string()), id);

  const auto again = post("/api/l402/vision", request_, auth);
  EXPECT_EQ(again.status, 402) << again.body;
  EXPECT_EQ(json::parse(again.body).at("error").at("code"), "token_revoked");
}

TEST_F(AdminEndToEnd, TheCommandLineCallsTheSameApi) {
  const auto auth = buy();

  auto services = cli("services");
  ASSERT_EQ(services.exit_code, 0) << services.err;
  EXPECT_NE(services.out.find("vision"), std::string::npos) << services.out;
  EXPECT_NE(services.out.find("enabled"), std::string::npos) << services.out;

  auto price = cli("price vision 30");
  ASSERT_EQ(price.exit_code, 0) << price.err;
  EXPECT_NE(price.out.find("30 sats"), std::string::npos) << price.out;
  EXPECT_EQ(vision_listing().at("price_sats").to_number<int>(), 30);

  ASSERT_EQ(cli("disable vision").exit_code, 0);
  EXPECT_EQ(post("/api/l402/vision", request_).status, 503);
  ASSERT_EQ(cli("enable vision").exit_code, 0);
  EXPECT_EQ(post("/api/l402/vision", request_).status, 402);

  auto tokens = cli("--json tokens --service vision");
  ASSERT_EQ(tokens.exit_code, 0) << tokens.err;
  const auto listed = json::parse(tokens.out).at("tokens").as_array();
  ASSERT_EQ(listed.size(), 1u);
  const auto id = std::string(listed[0].at("id").as_string());
  auto human = cli("tokens --state redeemed");
  EXPECT_NE(human.out.find(id), std::string::npos) << human.out;

  auto books = cli("revenue --days 7");
  ASSERT_EQ(books.exit_code, 0) << books.err;
  EXPECT_NE(books.out.find("vision"), std::string::npos) << books.out;
  EXPECT_NE(books.out.find("total"), std::string::npos) << books.out;

  auto revoke = cli("revoke " + id);
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  EXPECT_NE(revoke.out.find("revoked " + id), std::string::npos) << revoke.out;
  EXPECT_EQ(json::parse(post("/api/l402/vision", request_, auth).body).at("error").at("code"),
            "token_revoked");

  auto unknown = cli("price chat 5");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("admin_service_unknown"), std::string::npos) << unknown.err;
}

TEST_F(AdminEndToEnd, InvoicesAwaitingPaymentAreThisInstancesUnpaidChallenges) {
  const auto unpaid = post("/api/l402/vision", request_);
  ASSERT_EQ(unpaid.status, 402);
  const auto unpaid_invoice = std::string(json::parse(unpaid.body).at("invoice").as_string());
  buy();
  const auto invoices = admin_json("GET", "invoices?service=vision").at("invoices").as_array();
  ASSERT_EQ(invoices.size(), 1u) << "the paid one left the list";
  const auto& open = invoices[0].as_object();
  EXPECT_EQ(open.at("service"), "vision");
  EXPECT_EQ(open.at("amount_sats"), json::parse(unpaid.body).at("price_sats"));
  EXPECT_GT(open.at("expires_at").to_number<std::int64_t>(),
            open.at("created_at").to_number<std::int64_t>());
  EXPECT_EQ(open.at("payment_hash").as_string().size(), 64u);
  EXPECT_TRUE(admin_json("GET", "invoices?service=music").at("invoices").as_array().empty());
  EXPECT_EQ(metric(R"(l402d_challenges_issued_total{service="vision"})"), 2);
  EXPECT_EQ(metric(R"(l402d_challenges_paid_total{service="vision"})"), 1);
  EXPECT_EQ(metric(R"(l402d_payments_redeemed_total{service="vision",rail="l402"})"), 1);
  EXPECT_EQ(admin("GET", "invoices?limit=x").status, 400);

  auto listed = cli("invoices");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(std::string(open.at("payment_hash").as_string())), std::string::npos)
      << listed.out;
  auto failures = cli("failures --service vision");
  ASSERT_EQ(failures.exit_code, 0) << failures.err;
  EXPECT_NE(failures.out.find("no failed tokens"), std::string::npos) << failures.out;
  const auto none = admin_json("GET", "failures").at("failures").as_array();
  EXPECT_TRUE(none.empty());
  const auto openapi = json::parse(get("/api/openapi.json").body).at("paths").as_object();
  EXPECT_TRUE(openapi.contains("/api/admin/invoices"));
  EXPECT_TRUE(openapi.contains("/api/admin/failures"));
}

TEST_F(AdminEndToEnd, TheMcpToolsCallTheSameApi) {
  buy();
  const auto answers = mcp({
      rpc(1, "initialize", R"({"protocolVersion":"2025-06-18","capabilities":{}})"),
      R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
      rpc(2, "tools/list"),
      tool(3, "list_services"),
      tool(4, "set_service", R"({"service":"vision","price_sats":33})"),
      tool(5, "revenue", R"({"days":1})"),
      tool(6, "list_tokens", R"({"service":"vision","state":"redeemed"})"),
      tool(7, "invoices_awaiting_payment"),
      tool(8, "failed_jobs", R"({"limit":5})"),
      tool(9, "set_service", R"({"service":"chat","enabled":false})"),
      tool(10, "set_service", R"({"service":"vision"})"),
      tool(11, "status"),
      tool(12, "no_such_tool"),
  });
  ASSERT_EQ(answers.size(), 12u) << mcp_log_;
  // Tool calls are answered in order, the rest as they come: found by id.
  std::map<std::int64_t, json::object> by_id;
  for (const auto& a : answers)
    by_id[a.at("id").to_number<std::int64_t>()] = a;
  EXPECT_EQ(by_id[1].at("result").at("serverInfo").at("name"), "l402d-admin");

  std::map<std::string, json::object> tools;
  for (const auto& t : by_id[2].at("result").at("tools").as_array())
    tools[std::string(t.at("name").as_string())] = t.as_object();
  for (const char* name :
       {"list_services", "set_service", "revoke_service_tokens", "list_tokens", "revoke_token",
        "revenue", "invoices_awaiting_payment", "failed_jobs", "status"})
    EXPECT_TRUE(tools.count(name)) << name;
  EXPECT_EQ(tools["revoke_token"].at("annotations").at("destructiveHint"), true);
  EXPECT_EQ(tools["revoke_service_tokens"].at("annotations").at("destructiveHint"), true);
  EXPECT_EQ(tools["list_services"].at("annotations").at("readOnlyHint"), true);

  const auto services = tool_json(by_id[3]).at("services").as_array();
  EXPECT_FALSE(services.empty());
  EXPECT_EQ(tool_json(by_id[4]).at("price_sats").to_number<int>(), 33);
  EXPECT_EQ(vision_listing().at("price_sats").to_number<int>(), 33);
  EXPECT_EQ(by_id[4].at("result").at("structuredContent").at("price_sats").to_number<int>(), 33);
  EXPECT_EQ(tool_json(by_id[5]).at("totals").at("redeemed").to_number<int>(), 1);
  EXPECT_EQ(tool_json(by_id[6]).at("tokens").as_array().size(), 1u);
  EXPECT_TRUE(tool_json(by_id[7]).at("invoices").as_array().empty());
  EXPECT_TRUE(tool_json(by_id[8]).at("failures").as_array().empty());
  // The API's errors are the tools' errors, as the API words them.
  EXPECT_EQ(by_id[9].at("result").at("isError"), true);
  EXPECT_EQ(tool_json(by_id[9]).at("error").at("code"), "admin_service_unknown");
  EXPECT_EQ(by_id[10].at("result").at("isError"), true);
  // status answers whatever the server has: its JSON, or its 404 error.
  EXPECT_TRUE(by_id[11].at("result").at("content").at(0).at("text").is_string());
  EXPECT_EQ(by_id[12].at("error").at("code").to_number<int>(), -32602);

  // A destructive call does what it says.
  const auto id = std::string(admin_json("GET", "tokens").at("tokens").at(0).at("id").as_string());
  const auto revoked = mcp({tool(1, "revoke_token", R"({"token_id":")" + id + R"("})")});
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(std::string(tool_json(revoked[0]).at("revoked").as_string()), id);
  EXPECT_EQ(mcp_log_.find(token_), std::string::npos) << "the admin token is never logged";
}

}  // namespace
}  // namespace l402d::testing
