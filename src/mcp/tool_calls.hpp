#pragma once

// tools/call: finds the tool and runs it as in-process HTTP requests to the
// server's own routes (handed in as `dispatch`), so a paid tool is sold by
// exactly the code that sells POST /api/l402/<service>:
//   - a paid tool POSTs its arguments (without `payment`) to the service's
//     path, with the credential as a header and, for long tools,
//     Prefer: respond-async;
//   - list_services reads GET /.well-known/l402-services;
//   - quote POSTs {"method", "path", "body"} to /api/quote;
//   - check_job GETs /api/l402/jobs/{id} with the credential.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "http/handler.hpp"
#include "mcp/json_rpc.hpp"
#include "mcp/paid_tool_call.hpp"
#include "mcp/tool_catalogue.hpp"
#include "util/expected.hpp"

namespace l402d::mcp {

struct CallContext {
  const http::Handler& dispatch;
  const ToolCatalogue& tools;
  const http::Exchange& outer;  // the POST /mcp exchange
  bool resource_links = false;
  bool mpp_in_band = false;
};

using CallOutcome = Expected<json::object, RpcError>;

// `params` are the tools/call params ({"name", "arguments", "_meta"}).
boost::asio::awaitable<CallOutcome> call_tool(const json::object& params, const CallContext& ctx);

}  // namespace l402d::mcp
