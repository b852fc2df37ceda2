// `l402 mcp` through the command line: newline-delimited JSON-RPC in, one
// answer per line out, against a fake L402 server paid with the dev wallet.

#include "client/mcp_stdio_server.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "client/cli.hpp"
#include "client/exit_codes.hpp"
#include "fake_l402_server.hpp"
#include "temp_home.hpp"

namespace l402d::client {
namespace {

namespace json = boost::json;
using testing::FakeL402Server;
using testing::TempHome;

class McpStdioTest : public ::testing::Test {
 protected:
  // Runs `l402 mcp ARGS` over `lines`; the answers, one JSON object a line.
  std::vector<json::object> serve(const std::vector<std::string>& lines,
                                  std::vector<std::string> args = {}) {
    std::string input;
    for (const auto& l : lines)
      input += l + "\n";
    std::istringstream in(input);
    std::ostringstream out;
    err.str("");
    CliEnv env;
    env.in = &in;
    env.out = &out;
    env.err = &err;
    env.home = home.path();
    env.environment = [](const std::string&) { return std::optional<std::string>(); };
    args.insert(args.begin(), "mcp");
    exit_code = run_cli(args, env);
    std::vector<json::object> answers;
    std::istringstream lines_out(out.str());
    for (std::string line; std::getline(lines_out, line);)
      answers.push_back(json::parse(line).as_object());
    return answers;
  }

  static std::string request(int id, std::string_view method, std::string_view params = "{}") {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" +
           std::string(method) + R"(","params":)" + std::string(params) + "}";
  }
  std::string buy(int id, std::string_view prompt) const {
    return request(id, "tools/call",
                   R"({"name":"fetch","arguments":{"url":")" + server.url("/api/l402/thing") +
                       R"(","json":{"prompt":")" + std::string(prompt) + R"("}}})");
  }
  static std::int64_t error_code(const json::object& answer) {
    return answer.at("error").at("code").as_int64();
  }

  FakeL402Server server;
  TempHome home;
  std::ostringstream err;
  int exit_code = -1;
};

TEST_F(McpStdioTest, InitializeNegotiatesTheRevisionAndListsTheTools) {
  const auto answers = serve({
      request(
          1, "initialize",
          R"({"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}})"),
      R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
      request(2, "ping"),
      request(3, "tools/list"),
      request(4, "initialize", R"({"protocolVersion":"1999-01-01"})"),
  });
  EXPECT_EQ(exit_code, kExitOk) << err.str();
  ASSERT_EQ(answers.size(), 4u) << "a notification gets no answer";
  const auto& init = answers.at(0).at("result");
  EXPECT_EQ(init.at("protocolVersion").as_string(), "2025-06-18");
  EXPECT_EQ(init.at("serverInfo").at("name").as_string(), "l402");
  EXPECT_TRUE(init.at("capabilities").as_object().contains("tools"));
  EXPECT_TRUE(answers.at(1).at("result").as_object().empty());
  EXPECT_EQ(answers.at(2).at("result").at("tools").as_array().size(), 4u);
  EXPECT_EQ(answers.at(3).at("result").at("protocolVersion").as_string(), "2025-11-25");
}

TEST_F(McpStdioTest, MalformedMessagesGetJsonRpcErrors) {
  const auto answers = serve({
      "not json",
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])",
      R"({"jsonrpc":"1.0","id":2,"method":"ping"})",
      request(3, "resources/list"),
      request(4, "tools/call", R"({"arguments":{}})"),
      request(5, "tools/call", R"({"name":"nope"})"),
      R"({"jsonrpc":"2.0","id":99,"result":{}})",
      "",
  });
  ASSERT_EQ(answers.size(), 6u);
  EXPECT_EQ(error_code(answers.at(0)), -32700);
  EXPECT_TRUE(answers.at(0).at("id").is_null());
  EXPECT_EQ(error_code(answers.at(1)), -32600);
  EXPECT_EQ(error_code(answers.at(2)), -32600);
  EXPECT_EQ(answers.at(2).at("id").as_int64(), 2);
  EXPECT_EQ(error_code(answers.at(3)), -32601);
  EXPECT_EQ(error_code(answers.at(4)), -32602);
  EXPECT_EQ(error_code(answers.at(5)), -32602);
  EXPECT_EQ(answers.at(5).at("id").as_int64(), 5);
}

TEST_F(McpStdioTest, APurchaseDoesNotHoldUpPingAndACancelledWaitingCallIsDropped) {
  server.set_delay(std::chrono::milliseconds(300));
  const auto answers = serve({
      buy(10, "slow"),
      buy(11, "cancelled before it starts"),
      R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":11}})",
      request(12, "ping"),
      buy(13, "after"),
  });
  ASSERT_EQ(answers.size(), 3u);
  EXPECT_EQ(answers.at(0).at("id").as_int64(), 12) << "ping first, during the purchase";
  EXPECT_EQ(answers.at(1).at("id").as_int64(), 10);
  EXPECT_EQ(answers.at(2).at("id").as_int64(), 13);
  EXPECT_FALSE(answers.at(1).at("result").at("isError").as_bool());
  EXPECT_EQ(server.pay_calls(), 2);
}

TEST_F(McpStdioTest, TheCapsComeFromTheCommandLineAndTheDailyOneHasADefault) {
  const auto answers = serve({request(1, "tools/call", R"({"name":"budget"})")},
                             {"--max-sats", "30", "--max-fee-sats", "2"});
  ASSERT_EQ(answers.size(), 1u);
  const auto& budget = answers.at(0).at("result").at("structuredContent");
  EXPECT_EQ(budget.at("per_call_max_sats").to_number<std::uint64_t>(), 30u);
  EXPECT_EQ(budget.at("max_fee_sats").to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(budget.at("daily_limit_sats").to_number<std::uint64_t>(), 300u);
  EXPECT_NE(err.str().find("at most 30 sats a call and 300 a day"), std::string::npos) << err.str();

  serve({}, {"--daily-budget-sats", "77"});
  EXPECT_NE(err.str().find("and 77 a day"), std::string::npos) << err.str();
}

TEST_F(McpStdioTest, AWrongWalletOrOriginStopsItAtStart) {
  EXPECT_TRUE(serve({request(1, "ping")}, {"--wallet", "piggybank"}).empty());
  EXPECT_EQ(exit_code, kExitUsage);
  EXPECT_NE(err.str().find("unknown wallet"), std::string::npos) << err.str();
  serve({}, {"--allow", "ftp://x"});
  EXPECT_EQ(exit_code, kExitUsage);
}

}  // namespace
}  // namespace l402d::client
