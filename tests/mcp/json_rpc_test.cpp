#include "mcp/json_rpc.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace l402d::mcp {
namespace {

json::value parsed(std::string_view text) {
  return json::parse(text);
}

TEST(JsonRpc, ReadsARequest) {
  auto call =
      read_call(parsed(R"({"jsonrpc":"2.0","id":"a","method":"tools/list","params":{"x":1}})"));
  ASSERT_TRUE(call);
  EXPECT_EQ(call->id, "a");
  EXPECT_FALSE(call->notification);
  EXPECT_EQ(call->method, "tools/list");
  EXPECT_EQ(call->params.at("x"), 1);
}

TEST(JsonRpc, ANotificationHasNoId) {
  auto call = read_call(parsed(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
  ASSERT_TRUE(call);
  EXPECT_TRUE(call->notification);
  EXPECT_TRUE(call->params.empty());
}

TEST(JsonRpc, RefusesWhatIsNotARequest) {
  auto version = read_call(parsed(R"({"jsonrpc":"1.0","id":3,"method":"ping"})"));
  ASSERT_FALSE(version);
  EXPECT_EQ(version.error().error.code, RpcCode::invalid_request);
  EXPECT_EQ(version.error().id, 3) << "answered with the id it could read";
  EXPECT_EQ(read_call(parsed("[1]")).error().error.code, RpcCode::invalid_request);
  EXPECT_EQ(read_call(parsed(R"({"jsonrpc":"2.0","id":1})")).error().error.code,
            RpcCode::invalid_request);
  auto bad_id = read_call(parsed(R"({"jsonrpc":"2.0","id":{"a":1},"method":"ping"})"));
  EXPECT_EQ(bad_id.error().error.code, RpcCode::invalid_request);
  EXPECT_TRUE(bad_id.error().id.is_null());
  auto params = read_call(parsed(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[1]})"));
  EXPECT_EQ(params.error().error.code, RpcCode::invalid_params);
}

TEST(JsonRpc, TellsResponsesApart) {
  EXPECT_TRUE(is_response(parsed(R"({"jsonrpc":"2.0","id":1,"result":{}})")));
  EXPECT_TRUE(is_response(parsed(R"({"jsonrpc":"2.0","id":1,"error":{"code":1}})")));
  EXPECT_FALSE(is_response(parsed(R"({"jsonrpc":"2.0","id":1,"method":"ping"})")));
}

TEST(JsonRpc, WritesResultsAndErrors) {
  EXPECT_EQ(json::serialize(rpc_result(7, {})), R"({"jsonrpc":"2.0","id":7,"result":{}})");
  EXPECT_EQ(json::serialize(rpc_error(nullptr, {RpcCode::parse_error, "Parse error"})),
            R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})");
  auto with_data = rpc_error("x", {RpcCode::payment_required, "Payment Required", {{"a", 1}}});
  EXPECT_EQ(with_data.at("error").at("code"), -32042);
  EXPECT_EQ(with_data.at("error").at("data").at("a"), 1);
}

}  // namespace
}  // namespace l402d::mcp
