#include "client/mcp_tools.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "fake_l402_server.hpp"
#include "temp_home.hpp"

namespace l402d::client {
namespace {

namespace json = boost::json;
using testing::FakeL402Server;
using testing::TempHome;

class McpToolsTest : public ::testing::Test {
 protected:
  // The server's price is 21 sats; the dev wallet charges no fee.
  BuyerTools& tools(std::uint64_t per_call = 100, std::optional<std::uint64_t> daily = 1000,
                    std::vector<std::string> allowed = {}) {
    purchaser_.emplace(PurchaseSettings{home.path(), Config{}, "dev", daily}, default_transport(),
                       [](const std::string&) { return std::optional<std::string>(); });
    BuyerToolOptions options;
    options.caps = {per_call, 10};
    options.allowed_origins = std::move(allowed);
    options.downloads = home.path() / "downloads";
    tools_.emplace(*purchaser_, options);
    return *tools_;
  }

  json::object call(std::string_view name, std::string_view arguments,
                    std::string_view revision = "2025-11-25") {
    auto result = tools_->call(name, json::parse(arguments).as_object(), revision);
    EXPECT_TRUE(result.has_value()) << name;
    return result.value_or(json::object{});
  }

  json::object buy(std::string_view prompt, std::string_view extra = "") {
    return call("fetch", R"({"url":")" + server.url("/api/l402/thing") + R"(","json":{"prompt":")" +
                             std::string(prompt) + "\"}" + std::string(extra) + "}");
  }

  static std::string text(const json::object& result) {
    return std::string(result.at("content").at(0).at("text").as_string());
  }
  static const json::object& structured(const json::object& result) {
    return result.at("structuredContent").as_object();
  }
  static bool is_error(const json::object& result) { return result.at("isError").as_bool(); }

  FakeL402Server server;
  TempHome home;
  std::optional<Purchaser> purchaser_;
  std::optional<BuyerTools> tools_;
};

TEST_F(McpToolsTest, ListsFourToolsWithTheCapsInTheirDescriptions) {
  const auto list = tools(100, 500).list();
  ASSERT_EQ(list.size(), 4u);
  std::vector<std::string> names;
  for (const auto& t : list)
    names.emplace_back(t.at("name").as_string());
  EXPECT_EQ(names, (std::vector<std::string>{"fetch", "quote", "budget", "receipts"}));
  const auto& fetch = list.at(0).as_object();
  EXPECT_NE(fetch.at("description").as_string().find("at most 100 sats a call"), std::string::npos);
  EXPECT_NE(fetch.at("description").as_string().find("500 sats a day"), std::string::npos);
  EXPECT_EQ(fetch.at("inputSchema").at("required").at(0).as_string(), "url");
  EXPECT_TRUE(fetch.at("inputSchema").at("properties").as_object().contains("dry_run"));
  EXPECT_FALSE(list.at(1).at("inputSchema").at("properties").as_object().contains("dry_run"));
  EXPECT_TRUE(list.at(2).at("annotations").at("readOnlyHint").as_bool());
}

TEST_F(McpToolsTest, FetchPaysAndAnswersWithTheBodyAReceiptAndTheBudget) {
  tools();
  const auto result = buy("rain");
  ASSERT_FALSE(is_error(result)) << text(result);
  const auto& s = structured(result);
  EXPECT_EQ(s.at("outcome").as_string(), "ok");
  EXPECT_EQ(s.at("status").as_int64(), 200);
  EXPECT_EQ(s.at("body").as_string(), R"({"content":"the answer"})");
  EXPECT_TRUE(s.at("paid").as_bool());
  EXPECT_EQ(s.at("receipt").at("amount_sats").as_uint64(), 21u);
  EXPECT_EQ(s.at("receipt").at("state").as_string(), "used");
  EXPECT_EQ(s.at("budget").at("spent_today_sats").as_uint64(), 21u);
  EXPECT_EQ(s.at("budget").at("remaining_today_sats").as_uint64(), 979u);
  EXPECT_NE(text(result).find("Paid 21 sats"), std::string::npos) << text(result);
  EXPECT_NE(text(result).find(R"({"content":"the answer"})"), std::string::npos);
  EXPECT_EQ(server.pay_calls(), 1);
  // No secret in what the agent sees.
  const auto auth = server.authorizations().at(0);
  const auto preimage = auth.substr(auth.rfind(':') + 1);
  const auto macaroon = auth.substr(5, auth.rfind(':') - 5);
  EXPECT_EQ(json::serialize(result).find(preimage), std::string::npos);
  EXPECT_EQ(json::serialize(result).find(macaroon), std::string::npos);
}

TEST_F(McpToolsTest, AnAgentCanLowerItsCapButNeverRaiseIt) {
  tools(20);  // below the price of 21
  auto result = buy("a", R"(,"max_sats":1000000)");
  EXPECT_TRUE(is_error(result));
  EXPECT_EQ(structured(result).at("outcome").as_string(), "refused");
  EXPECT_NE(text(result).find("Not paid"), std::string::npos) << text(result);

  tools(100);
  result = buy("b", R"(,"max_sats":10)");
  EXPECT_TRUE(is_error(result));
  EXPECT_EQ(structured(result).at("outcome").as_string(), "refused");
  EXPECT_EQ(server.pay_calls(), 0);

  result = buy("c", R"(,"max_sats":21)");
  EXPECT_FALSE(is_error(result)) << text(result);
  EXPECT_EQ(server.pay_calls(), 1);
}

TEST_F(McpToolsTest, TheDailyBudgetStopsAnAgentThatKeepsBuying) {
  tools(100, 50);  // 21 sats a purchase: the dev wallet charges no fee
  EXPECT_FALSE(is_error(buy("one")));
  EXPECT_FALSE(is_error(buy("two")));
  const auto third = buy("three");
  EXPECT_TRUE(is_error(third));
  EXPECT_EQ(structured(third).at("outcome").as_string(), "refused");
  EXPECT_NE(structured(third).at("message").as_string().find("budget"), std::string::npos)
      << structured(third).at("message");
  EXPECT_EQ(server.pay_calls(), 2);
  EXPECT_EQ(structured(third).at("budget").at("spent_today_sats").as_uint64(), 42u);
}

TEST_F(McpToolsTest, QuoteAndDryRunPayNothing) {
  tools(100);
  const auto q =
      call("quote", R"({"url":")" + server.url("/api/l402/thing") + R"(","json":{"prompt":"q"}})");
  ASSERT_FALSE(is_error(q)) << text(q);
  EXPECT_EQ(structured(q).at("outcome").as_string(), "dry_run");
  EXPECT_EQ(structured(q).at("quote").at("amount_sats").as_uint64(), 21u);
  EXPECT_TRUE(structured(q).at("quote").at("would_pay").as_bool());
  EXPECT_NE(text(q).find("Price: 21 sats"), std::string::npos) << text(q);

  const auto dry = buy("q", R"(,"dry_run":true,"max_sats":5)");
  EXPECT_FALSE(is_error(dry));
  EXPECT_FALSE(structured(dry).at("quote").at("would_pay").as_bool());
  EXPECT_TRUE(structured(dry).at("quote").as_object().contains("refusal"));
  EXPECT_EQ(server.pay_calls(), 0);
  EXPECT_EQ(server.challenges(), 2);

  EXPECT_TRUE(is_error(call("quote", R"({"url":"http://h/x","dry_run":true})")));
}

TEST_F(McpToolsTest, OnlyTheAllowedOriginsAreAsked) {
  tools(100, 1000, {"https://api.example.com"});
  const auto result = buy("x");
  EXPECT_TRUE(is_error(result));
  EXPECT_NE(text(result).find("only from https://api.example.com"), std::string::npos)
      << text(result);
  EXPECT_EQ(server.challenges(), 0);

  tools(100, 1000, {server.url("")});
  EXPECT_FALSE(is_error(buy("y")));
}

TEST_F(McpToolsTest, BinaryBodiesAreSavedAndLinked) {
  tools();
  const auto args = R"({"url":")" + server.url("/media/song-1.mp3") + "\"}";
  const auto result = call("fetch", args);
  ASSERT_FALSE(is_error(result)) << text(result);
  const auto& s = structured(result);
  EXPECT_FALSE(s.contains("body"));
  const std::string saved(s.at("saved_to").as_string());
  EXPECT_EQ(std::filesystem::path(saved).parent_path(), home.path() / "downloads");
  EXPECT_TRUE(saved.ends_with(".mp3"));
  std::ifstream in(saved);
  std::stringstream bytes;
  bytes << in.rdbuf();
  EXPECT_EQ(bytes.str(), "ID3-fake-mp3-bytes");
  EXPECT_EQ(s.at("body_bytes").as_uint64(), 18u);
  EXPECT_NE(text(result).find("saved to " + saved), std::string::npos);
  const auto& link = result.at("content").at(1);
  EXPECT_EQ(link.at("type").as_string(), "resource_link");
  EXPECT_EQ(link.at("uri").as_string(), "file://" + saved);
  EXPECT_EQ(link.at("mimeType").as_string(), "audio/mpeg");
  // Clients of revisions before 2025-06-18 know no resource links.
  EXPECT_EQ(call("fetch", args, "2025-03-26").at("content").as_array().size(), 1u);
}

TEST_F(McpToolsTest, AnHttpErrorIsAToolErrorWithItsBody) {
  tools();
  const auto result = call("fetch", R"({"url":")" + server.url("/api/broken") + R"(","body":"x"})");
  EXPECT_TRUE(is_error(result));
  EXPECT_EQ(structured(result).at("status").as_int64(), 500);
  EXPECT_EQ(structured(result).at("outcome").as_string(), "http_error");
  EXPECT_NE(text(result).find("it broke"), std::string::npos);
}

TEST_F(McpToolsTest, BudgetAndReceiptsShowWhatWasBoughtWithoutSecrets) {
  tools(100, 1000);
  ASSERT_FALSE(is_error(buy("first")));
  const auto budget = call("budget", "{}");
  EXPECT_EQ(structured(budget).at("spent_today_sats").as_uint64(), 21u);
  EXPECT_EQ(structured(budget).at("daily_limit_sats").as_uint64(), 1000u);
  EXPECT_EQ(structured(budget).at("per_call_max_sats").as_uint64(), 100u);
  EXPECT_EQ(structured(budget).at("wallet").as_string(), "dev");
  EXPECT_NE(text(budget).find("979 left"), std::string::npos) << text(budget);

  const auto receipts = call("receipts", R"({"limit":5})");
  const auto& list = structured(receipts).at("receipts").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list.at(0).at("amount_sats").as_uint64(), 21u);
  EXPECT_EQ(list.at(0).at("target").as_string(), "/api/l402/thing");
  for (const char* secret : {"preimage", "macaroon", "invoice"})
    EXPECT_FALSE(list.at(0).as_object().contains(secret)) << secret;
  EXPECT_TRUE(is_error(call("receipts", R"({"limit":0})")));
  EXPECT_TRUE(is_error(call("receipts", R"({"other":1})")));
}

TEST_F(McpToolsTest, AnUnknownToolIsNoToolAtAll) {
  tools();
  EXPECT_FALSE(tools_->call("pay_anything", {}, "2025-11-25").has_value());
}

}  // namespace
}  // namespace l402d::client
