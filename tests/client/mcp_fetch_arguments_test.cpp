#include "client/mcp_fetch_arguments.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace l402d::client {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

Expected<FetchArguments, std::string> read(std::string_view text) {
  return read_fetch_arguments(json::parse(text).as_object(), 5000ms);
}

std::string problem(std::string_view text) {
  const auto r = read(text);
  EXPECT_FALSE(r.has_value()) << text;
  return r.has_value() ? "" : r.error();
}

std::string header(const net::HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "<none>";
}

TEST(McpFetchArguments, AUrlAloneIsAGet) {
  const auto r = read(R"({"url":"https://api.example.com/x?q=1"})");
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->request.method, "GET");
  EXPECT_EQ(r->request.url, "https://api.example.com/x?q=1");
  EXPECT_TRUE(r->request.body.empty());
  EXPECT_EQ(r->request.timeout, 5000ms);
  EXPECT_FALSE(r->max_sats.has_value());
  EXPECT_FALSE(r->dry_run);
}

TEST(McpFetchArguments, AJsonBodyIsAPostWithItsContentType) {
  const auto r = read(R"({"url":"http://h/api","json":{"prompt":"hi","n":2},"max_sats":50})");
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->request.method, "POST");
  EXPECT_EQ(json::parse(r->request.body), json::parse(R"({"prompt":"hi","n":2})"));
  EXPECT_EQ(header(r->request, "Content-Type"), "application/json");
  EXPECT_EQ(r->max_sats, 50u);
}

TEST(McpFetchArguments, ATextBodyKeepsTheAgentsContentTypeAndMethod) {
  const auto r = read(
      R"({"url":"http://h/a","method":"put","body":"a=1","headers":{"Content-Type":"text/plain"},"dry_run":true})");
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->request.method, "PUT");
  EXPECT_EQ(r->request.body, "a=1");
  EXPECT_EQ(header(r->request, "Content-Type"), "text/plain");
  EXPECT_TRUE(r->dry_run);
}

TEST(McpFetchArguments, BadArgumentsAreRefusedWithAReason) {
  EXPECT_NE(problem(R"({})").find("\"url\" is required"), std::string::npos);
  EXPECT_NE(problem(R"({"url":"ftp://h/x"})").find("\"url\""), std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","extra":1})").find("Unknown argument \"extra\""),
            std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","method":"TRACE"})").find("one of GET"),
            std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","method":"GET","body":"x"})").find("no body"),
            std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","body":"x","json":{}})").find("not both"),
            std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","body":{}})").find("must be a string"), std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","max_sats":-1})").find("max_sats"), std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","max_sats":1.5})").find("max_sats"), std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","dry_run":"yes"})").find("dry_run"), std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","headers":["a"]})").find("object"), std::string::npos);
}

TEST(McpFetchArguments, CredentialsFramingAndInjectedLinesAreNotTheAgentsToSet) {
  for (const char* name : {"Authorization", "authorization", "PAYMENT-SIGNATURE", "X-Payment",
                           "Host", "Content-Length", "Transfer-Encoding"}) {
    const std::string args = std::string(R"({"url":"http://h","headers":{")") + name + R"(":"x"}})";
    EXPECT_NE(problem(args).find("set by l402 itself"), std::string::npos) << name;
  }
  EXPECT_NE(problem(R"({"url":"http://h","headers":{"X-A":"1\r\nX-B: 2"}})").find("one line"),
            std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","headers":{"Bad Name":"1"}})").find("not a valid"),
            std::string::npos);
  EXPECT_NE(problem(R"({"url":"http://h","headers":{"X-A":1}})").find("must be a string"),
            std::string::npos);
}

}  // namespace
}  // namespace l402d::client
