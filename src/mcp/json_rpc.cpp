#include "mcp/json_rpc.hpp"

namespace l402d::mcp {

namespace {

// JSON-RPC ids are strings or numbers; null is allowed by 2.0 but MCP
// forbids it, and anything else is not an id at all.
bool valid_id(const json::value& id) {
  return id.is_string() || id.is_number();
}

RpcReject reject(json::value id, RpcCode code, std::string message) {
  return RpcReject{std::move(id), RpcError{code, std::move(message)}};
}

}  // namespace

bool is_response(const json::value& message) {
  const auto* o = message.if_object();
  return o && !o->contains("method") && o->contains("id") &&
         (o->contains("result") || o->contains("error"));
}

Expected<RpcCall, RpcReject> read_call(const json::value& message) {
  const auto* o = message.if_object();
  if (!o) return unexpected(reject(nullptr, RpcCode::invalid_request, "Expected a JSON object."));
  json::value id = nullptr;
  const auto* raw_id = o->if_contains("id");
  if (raw_id && valid_id(*raw_id)) id = *raw_id;
  const auto* version = o->if_contains("jsonrpc");
  if (!version || !version->is_string() || version->get_string() != "2.0")
    return unexpected(reject(id, RpcCode::invalid_request, "\"jsonrpc\" must be \"2.0\"."));
  if (raw_id && !valid_id(*raw_id))
    return unexpected(
        reject(nullptr, RpcCode::invalid_request, "\"id\" must be a string or a number."));
  const auto* method = o->if_contains("method");
  if (!method || !method->is_string())
    return unexpected(reject(id, RpcCode::invalid_request, "\"method\" must be a string."));
  RpcCall call;
  call.id = id;
  call.notification = raw_id == nullptr;
  call.method = std::string(method->get_string());
  if (const auto* params = o->if_contains("params")) {
    if (!params->is_object())
      return unexpected(reject(id, RpcCode::invalid_params, "\"params\" must be an object."));
    call.params = params->get_object();
  }
  return call;
}

json::object rpc_result(const json::value& id, json::object result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json::object rpc_error(const json::value& id, const RpcError& error) {
  json::object e{{"code", static_cast<int>(error.code)}, {"message", error.message}};
  if (!error.data.is_null()) e["data"] = error.data;
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(e)}};
}

}  // namespace l402d::mcp
