#include "mcp/tool_catalogue.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace l402d::mcp {
namespace {

const api::RequestSchema& echo_schema() {
  static const api::RequestSchema schema({{.name = "text", .required = true, .max_length = 7}});
  return schema;
}
const api::ResultSchema& echo_result() {
  static const api::ResultSchema schema({{.name = "text", .required = true}});
  return schema;
}

api::Catalogue catalogue() {
  api::Catalogue c;
  c.public_url = "http://localhost:1";
  c.services = {
      {"echo", "/api/l402/echo", "Echo", "Says it back.", 3, &echo_schema(), &echo_result()},
      {"slow", "/api/l402/slow", "Slow", "Takes long.", 7, &echo_schema(), &echo_result()}};
  api::ServiceListing proxied{"chat", "/v1/", "Chat", "A proxied API.", 20};
  proxied.proxied = true;
  c.services.push_back(proxied);
  return c;
}

const json::object& listed(const ToolCatalogue& tools, std::string_view name) {
  for (const auto& t : tools.listed())
    if (t.at("name").as_string() == name) return t.as_object();
  throw std::out_of_range(std::string(name));
}

TEST(ToolCatalogue, APaidToolPerServiceWithASchema) {
  ToolCatalogue tools(catalogue(), {"slow"});
  ASSERT_EQ(tools.paid().size(), 2u) << "the proxied API has no request schema";
  EXPECT_EQ(tools.find_paid("chat"), nullptr);
  const auto* slow = tools.find_paid("slow");
  ASSERT_NE(slow, nullptr);
  EXPECT_TRUE(slow->long_running);
  EXPECT_EQ(slow->path, "/api/l402/slow");
  EXPECT_FALSE(tools.find_paid("echo")->long_running);
  EXPECT_EQ(tools.listed().size(), 5u) << "echo, slow, list_services, quote, check_job";
}

TEST(ToolCatalogue, TheInputSchemaIsTheRequestSchemaPlusPayment) {
  ToolCatalogue tools(catalogue(), {});
  const auto& echo = listed(tools, "echo");
  const auto& schema = echo.at("inputSchema").as_object();
  EXPECT_EQ(schema.at("type"), "object");
  EXPECT_EQ(schema.at("properties").at("text"),
            echo_schema().openapi().at("properties").at("text"));
  EXPECT_TRUE(schema.at("properties").as_object().contains("payment"));
  EXPECT_EQ(schema.at("required"), json::array{"text"}) << "payment is never required";
}

TEST(ToolCatalogue, DescriptionsSayThePriceAndHowToPay) {
  ToolCatalogue tools(catalogue(), {"slow"});
  const std::string echo(listed(tools, "echo").at("description").as_string());
  EXPECT_NE(echo.find("Says it back."), std::string::npos);
  EXPECT_NE(echo.find("Price: 3 sats"), std::string::npos);
  EXPECT_NE(echo.find("preimage"), std::string::npos);
  const std::string slow(listed(tools, "slow").at("description").as_string());
  EXPECT_NE(slow.find("check_job"), std::string::npos);
}

TEST(ToolCatalogue, FreeToolsAreReadOnly) {
  ToolCatalogue tools(catalogue(), {});
  for (const auto* name : {"list_services", "quote", "check_job"})
    EXPECT_EQ(listed(tools, name).at("annotations").at("readOnlyHint"), true) << name;
  EXPECT_EQ(listed(tools, "echo").at("annotations").at("readOnlyHint"), false);
  EXPECT_EQ(listed(tools, "quote").at("inputSchema").at("properties").at("tool").at("enum"),
            (json::array{"echo", "slow"}));
  EXPECT_EQ(listed(tools, "check_job").at("inputSchema").at("required"),
            (json::array{"job_id", "payment"}));
}

}  // namespace
}  // namespace l402d::mcp
