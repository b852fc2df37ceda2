#pragma once

// POST /mcp: the Streamable HTTP transport of MCP (revision 2025-11-25, and
// the older ones the SDKs still send), answering with application/json, never
// a stream. initialize opens a session (Mcp-Session-Id); notifications and
// client responses get 202; batches are taken where the revision has them.
// GET /mcp gets 405 (the server sends nothing unasked) and DELETE /mcp ends
// a session. The tools are run against the server's own routes (`dispatch`),
// so nothing here knows the paywall.

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/handler.hpp"
#include "mcp/json_rpc.hpp"
#include "mcp/origin_policy.hpp"
#include "mcp/sessions.hpp"
#include "mcp/tool_catalogue.hpp"

namespace l402d::mcp {

struct McpOptions {
  std::string server_version = "0";
  std::vector<std::string> allowed_origins;  // besides the public URL's; "*" for any
  std::function<std::string()> public_url;
  // The MPP rail is on: initialize advertises experimental.payment, and a
  // client that advertised it gets unpaid calls as JSON-RPC error -32042.
  bool mpp_rail = false;
  std::chrono::seconds session_idle{3600};
  std::size_t max_sessions = 10000;
};

class McpEndpoint {
 public:
  McpEndpoint(ToolCatalogue tools, http::Handler dispatch, McpOptions options);

  boost::asio::awaitable<http::Response> post(http::Exchange& exchange);
  boost::asio::awaitable<http::Response> remove(http::Exchange& exchange);
  http::Response get(const http::Exchange& exchange) const;

  const ToolCatalogue& tools() const { return tools_; }

 private:
  struct Conversation {
    std::string revision;
    bool mpp_in_band = false;
  };
  std::optional<http::Response> refused(const http::Exchange& exchange) const;
  std::optional<Conversation> conversation_of(const http::Exchange& exchange);
  http::Response start(const http::Exchange& exchange, const json::value& body);
  http::Response initialize(const http::Exchange& exchange, const RpcCall& call);
  boost::asio::awaitable<http::Response> converse(http::Exchange& exchange, const json::value& body,
                                                  const Conversation& conversation);
  boost::asio::awaitable<std::optional<json::object>> answer(http::Exchange& exchange,
                                                             const json::value& message,
                                                             const Conversation& conversation);
  boost::asio::awaitable<json::object> answer_call(http::Exchange& exchange, const RpcCall& call,
                                                   const Conversation& conversation);

  ToolCatalogue tools_;
  http::Handler dispatch_;
  McpOptions options_;
  OriginPolicy origins_;
  Sessions sessions_;
};

// The route handlers, sharing one endpoint.
http::Handler mcp_post_handler(std::shared_ptr<McpEndpoint> endpoint);
http::Handler mcp_get_handler(std::shared_ptr<McpEndpoint> endpoint);
http::Handler mcp_delete_handler(std::shared_ptr<McpEndpoint> endpoint);

}  // namespace l402d::mcp
