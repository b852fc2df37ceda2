// The books add up: after a mixed run on the real binary with its builtin
// node (purchases on three services, a replay, a challenge left unpaid,
// work that fails after payment and succeeds on the retry, a reusable token
// used again and again), three numbers that are kept apart agree:
//   the admin API's revenue (the token ledger),
//   the sum of l402d_sats_earned_total (the gate's counters), and
//   the node's settled invoices (the builtin node's invoices table).
// Each is counted by different code, so any one of them drifting fails here.

#include <sqlite3.h>

#include <cctype>

#include "support/e2e_fixture.hpp"
#include "support/fake_upstream.hpp"

namespace l402d::testing {
namespace {

namespace json = boost::json;

// Sum over every series of a family (every service and rail).
double family_sum(std::string_view metrics, std::string_view family) {
  double sum = 0;
  const std::string prefix = std::string(family) + "{";
  std::size_t pos = 0;
  while ((pos = metrics.find(prefix, pos)) != std::string_view::npos) {
    const bool line_start = pos == 0 || metrics[pos - 1] == '\n';
    const auto space = metrics.find(' ', pos);
    const auto end = metrics.find('\n', pos);
    if (line_start && space < end)
      sum += std::stod(std::string(metrics.substr(space + 1, end - space - 1)));
    pos = end == std::string_view::npos ? metrics.size() : end;
  }
  return sum;
}

// msat the builtin node received: its settled invoices, read from its
// database beside the running server (SQLite readers do not block it).
std::uint64_t node_settled_msat(const std::filesystem::path& db) {
  sqlite3* conn = nullptr;
  std::uint64_t total = 0;
  if (sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(conn, 5000);
    sqlite3_stmt* q = nullptr;
    const char* sql = "SELECT COALESCE(SUM(amount_msat), 0) FROM invoices WHERE state = 'settled'";
    if (sqlite3_prepare_v2(conn, sql, -1, &q, nullptr) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
      total = static_cast<std::uint64_t>(sqlite3_column_int64(q, 0));
    else
      ADD_FAILURE() << sqlite3_errmsg(conn);
    sqlite3_finalize(q);
  } else {
    ADD_FAILURE() << "cannot open " << db;
  }
  sqlite3_close(conn);
  return total;
}

class AdminBooks : public EndToEndTest {
 protected:
  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "l402d's log:\n" << server_->log();
    upstream_.stop();
    EndToEndTest::TearDown();
  }

  net::HttpResponse call(const std::string& method, const std::string& path,
                         const std::string& authorization = {}, const std::string& body = {}) {
    net::HttpRequest r;
    r.method = method;
    r.body = body;
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    if (!authorization.empty()) r.headers.emplace_back("Authorization", authorization);
    return send(r, path);
  }
  std::string buy(const std::string& method, const std::string& path,
                  const std::string& body = {}) {
    const auto challenge = call(method, path, {}, body);
    EXPECT_EQ(challenge.status, 402) << path << ": " << challenge.body;
    return pay(challenge);
  }
  json::value admin(const std::string& path) {
    auto token = read_binary_file(dir_ / "admin.token");
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back())))
      token.pop_back();
    net::HttpRequest r;
    r.headers.emplace_back("Authorization", "Bearer " + token);
    const auto res = send(r, "/api/admin/" + path);
    EXPECT_EQ(res.status, 200) << path << ": " << res.body;
    return json::parse(res.body);
  }

  FakeUpstream upstream_;
};

TEST_F(AdminBooks, PaidTokensCountersAndTheNodeAgree) {
  int renders = 0;
  upstream_.on(http::Verb::post, "/render", [&renders](const http::Request& req) {
    // The first render fails after the buyer has paid; the retry succeeds.
    return FakeUpstream::json(
        req, ++renders == 1 ? http::Status::internal_server_error : http::Status::ok,
        R"({"frame":1})");
  });
  upstream_.on(http::Verb::get, "/rows", [](const http::Request& req) {
    return FakeUpstream::json(req, http::Status::ok, "[1]");
  });
  upstream_.start();
  start_with_config("[services.render]\nupstream = \"" + upstream_.url() +
                    "\"\nprice_sats = 7\nstrip_match = true\nredemption = \"single_use\"\n\n"
                    "[services.data]\nupstream = \"" +
                    upstream_.url() + "\"\nprice_sats = 3\nstrip_match = true\n");

  // Two vision purchases, and a replay of the first credential.
  const auto first = image_request("What is in this image?");
  const auto first_auth = buy("POST", "/api/l402/vision", first);
  ASSERT_EQ(call("POST", "/api/l402/vision", first_auth, first).status, 200);
  const auto second = image_request("What colour is the sky?");
  ASSERT_EQ(
      call("POST", "/api/l402/vision", buy("POST", "/api/l402/vision", second), second).status,
      200);
  const auto replay = call("POST", "/api/l402/vision", first_auth, first);
  ASSERT_EQ(replay.status, 200);
  EXPECT_EQ(replay.header("x-l402-replay"), "true");

  // A challenge left unpaid.
  ASSERT_EQ(call("POST", "/api/l402/vision", {}, image_request("Left unpaid")).status, 402);

  // Paid work that fails, then succeeds on the retry with the same token.
  const std::string frame = R"({"scene":1})";
  const auto render_auth = buy("POST", "/render/render", frame);
  const auto failed = call("POST", "/render/render", render_auth, frame);
  ASSERT_EQ(failed.status, 502) << failed.body;
  const auto failures = admin("failures?service=render").at("failures").as_array();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].at("attempts").to_number<int>(), 1);
  EXPECT_FALSE(failures[0].at("last_error").as_string().empty());
  ASSERT_EQ(call("POST", "/render/render", render_auth, frame).status, 200);
  EXPECT_TRUE(admin("failures").at("failures").as_array().empty());

  // A reusable token used three times is one sale.
  const auto data_auth = buy("GET", "/data/rows");
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(call("GET", "/data/rows", data_auth).status, 200);

  const auto books = admin("revenue?days=1").at("totals");
  const auto ledger_msat = books.at("earned_msat").to_number<std::uint64_t>();
  const auto counted_sats = family_sum(metrics(), "l402d_sats_earned_total");
  const auto node_msat = node_settled_msat(dir_ / "l402d.db");

  std::uint64_t vision_sats = 0;
  const auto services = admin("services");
  for (const auto& service : services.at("services").as_array())
    if (service.at("name") == "vision")
      vision_sats = service.at("price_sats").to_number<std::uint64_t>();
  const std::uint64_t expected_msat = (2 * vision_sats + 7 + 3) * 1000;
  EXPECT_EQ(ledger_msat, expected_msat);
  EXPECT_EQ(static_cast<std::uint64_t>(counted_sats * 1000 + 0.5), expected_msat);
  EXPECT_EQ(node_msat, expected_msat);
  EXPECT_EQ(books.at("paid").to_number<int>(), 4);
  EXPECT_EQ(family_sum(metrics(), "l402d_payments_redeemed_total"), 4);
  EXPECT_EQ(metric(R"(l402d_challenges_paid_total{service="vision"})"), 2);
  EXPECT_EQ(admin("invoices?service=vision").at("invoices").as_array().size(), 1u)
      << "the challenge left unpaid";
}

// The Grafana dashboard in the repo (docs/grafana) reads families the server
// exports: a renamed metric or a typo in a panel's query fails here.
TEST_F(AdminBooks, TheGrafanaDashboardReadsOnlyFamiliesTheServerExports) {
  start_with_config("");
  const std::string text = read_binary_file(L402D_GRAFANA_DASHBOARD);
  const json::value dashboard = json::parse(text);
  EXPECT_FALSE(dashboard.at("title").as_string().empty());
  const std::string exported = metrics();
  std::size_t families = 0;
  for (const auto& panel : dashboard.at("panels").as_array()) {
    for (const auto& target : panel.at("targets").as_array()) {
      const std::string expr(target.at("expr").as_string());
      for (std::size_t at = expr.find("l402d_"); at != std::string::npos;
           at = expr.find("l402d_", at + 1)) {
        std::size_t end = at;
        while (end < expr.size() &&
               (std::islower(static_cast<unsigned char>(expr[end])) || expr[end] == '_' ||
                std::isdigit(static_cast<unsigned char>(expr[end]))))
          ++end;
        std::string family = expr.substr(at, end - at);
        for (const char* suffix : {"_bucket", "_count", "_sum"}) {
          const std::string s(suffix);
          if (family.size() > s.size() && family.ends_with(s) &&
              exported.find("# TYPE " + family + " ") == std::string::npos) {
            family.resize(family.size() - s.size());
          }
        }
        ++families;
        EXPECT_NE(exported.find("# TYPE " + family + " "), std::string::npos)
            << family << " in panel " << panel.at("title").as_string();
        at = end;
      }
    }
  }
  EXPECT_GE(families, 14U);
}

}  // namespace
}  // namespace l402d::testing
