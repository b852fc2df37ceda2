#pragma once

// JSON-RPC 2.0 messages as MCP carries them: requests (with an id),
// notifications (without), and the result and error objects sent back.
// Nothing here knows MCP's methods or HTTP.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace l402d::mcp {

namespace json = boost::json;

// The codes JSON-RPC 2.0 reserves, and the one the MPP draft adds.
enum class RpcCode : int {
  parse_error = -32700,
  invalid_request = -32600,
  method_not_found = -32601,
  invalid_params = -32602,
  internal_error = -32603,
  payment_required = -32042,  // draft-payment-transport-mcp
};

struct RpcError {
  RpcCode code;
  std::string message;
  json::value data = nullptr;  // null: no "data" member
};

// A request or a notification from the client.
struct RpcCall {
  json::value id = nullptr;  // a string or a number; null for a notification
  bool notification = false;
  std::string method;
  json::object params;  // {} when the client sent none
};

// Reads one message. The error says what was wrong with it; `id` tells
// which id to answer with (null when even the id cannot be read).
struct RpcReject {
  json::value id = nullptr;
  RpcError error;
};
Expected<RpcCall, RpcReject> read_call(const json::value& message);
// A response to a request of the server's. The server sends none, so a
// client's response is only acknowledged.
bool is_response(const json::value& message);

json::object rpc_result(const json::value& id, json::object result);
json::object rpc_error(const json::value& id, const RpcError& error);

}  // namespace l402d::mcp
