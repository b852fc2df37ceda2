// The admin MCP tools without a server: each tool's arguments become one
// admin call (method, path, body), bad arguments are tool errors the agent
// can correct, and the API's answer comes back as the tool's.

#include "app/admin_mcp.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>

namespace l402d::app {
namespace {

namespace json = boost::json;

struct Sent {
  std::string method, path, body;
};

class AdminToolsTest : public ::testing::Test {
 protected:
  json::object call(std::string_view name, std::string_view arguments = "{}",
                    std::string_view revision = "2025-06-18") {
    auto result = tools.call(name, json::parse(arguments).as_object(), revision);
    EXPECT_TRUE(result) << name;
    return result ? *result : json::object{};
  }
  static std::string text_of(const json::object& result) {
    return std::string(result.at("content").at(0).at("text").as_string());
  }

  std::vector<Sent> sent;
  net::HttpResponse answer{200, {}, R"({"ok":true})"};
  bool unreachable = false;
  AdminTools tools{[this](const std::string& m, const std::string& p, const std::string& b) {
    if (unreachable) throw std::runtime_error("connection refused");
    sent.push_back({m, p, b});
    return answer;
  }};
};

TEST_F(AdminToolsTest, EachToolIsOneCallOfTheApi) {
  call("list_services");
  call("set_service", R"({"service":"vision","price_sats":25,"enabled":false})");
  call("revoke_service_tokens", R"({"service":"music video"})");
  call("list_tokens", R"({"service":"vision","state":"failed","since":5,"limit":3})");
  call("revoke_token", R"({"token_id":"ab"})");
  call("revenue", R"({"days":7})");
  call("invoices_awaiting_payment", R"({"service":"vision"})");
  call("failed_jobs", R"({"limit":2})");
  call("status");
  ASSERT_EQ(sent.size(), 9u);
  EXPECT_EQ(sent[0].path, "services");
  EXPECT_EQ(sent[1].method, "PATCH");
  EXPECT_EQ(sent[1].path, "services/vision");
  EXPECT_EQ(json::parse(sent[1].body), json::parse(R"({"price_sats":25,"enabled":false})"));
  EXPECT_EQ(sent[2].method, "POST");
  EXPECT_EQ(sent[2].path, "services/music%20video/revoke");
  EXPECT_EQ(sent[3].path, "tokens?service=vision&state=failed&since=5&limit=3");
  EXPECT_EQ(sent[4].path, "tokens/ab/revoke");
  EXPECT_EQ(sent[5].path, "revenue?days=7");
  EXPECT_EQ(sent[6].path, "invoices?service=vision");
  EXPECT_EQ(sent[7].path, "failures?limit=2");
  EXPECT_EQ(sent[8].path, "status");
}

TEST_F(AdminToolsTest, BadArgumentsAreToolErrorsAndCallNothing) {
  for (const auto& [name, arguments] : std::vector<std::pair<std::string, std::string>>{
           {"set_service", R"({"service":"vision"})"},
           {"set_service", R"({"service":"vision","price_sats":-1})"},
           {"set_service", R"({"price_sats":5})"},
           {"revoke_token", "{}"},
           {"revoke_service_tokens", R"({"service":""})"}}) {
    const auto result = call(name, arguments);
    EXPECT_EQ(result.at("isError"), true) << name << " " << arguments;
  }
  EXPECT_TRUE(sent.empty());
  EXPECT_FALSE(tools.call("drop_database", {}, "2025-06-18"));
}

TEST_F(AdminToolsTest, TheApisAnswerIsTheTools) {
  auto ok = call("list_services");
  EXPECT_EQ(ok.at("isError"), false);
  EXPECT_EQ(text_of(ok), R"({"ok":true})");
  EXPECT_EQ(ok.at("structuredContent").at("ok"), true);
  EXPECT_FALSE(call("list_services", "{}", "2025-03-26").contains("structuredContent"))
      << "older revisions have no structured content";

  answer = {404, {}, R"({"error":{"code":"not_found","message":"No such admin call."}})"};
  const auto missing = call("status");
  EXPECT_EQ(missing.at("isError"), true);
  EXPECT_NE(text_of(missing).find("not_found"), std::string::npos);

  unreachable = true;
  const auto down = call("revenue");
  EXPECT_EQ(down.at("isError"), true);
  EXPECT_NE(text_of(down).find("connection refused"), std::string::npos);
}

TEST_F(AdminToolsTest, RevocationsAreMarkedDestructive) {
  for (const auto& t : tools.list()) {
    const auto name = std::string(t.at("name").as_string());
    const bool destructive = t.at("annotations").at("destructiveHint").as_bool();
    EXPECT_EQ(destructive, name == "revoke_token" || name == "revoke_service_tokens") << name;
    EXPECT_EQ(t.at("inputSchema").at("type"), "object") << name;
  }
}

}  // namespace
}  // namespace l402d::app
