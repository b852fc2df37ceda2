// MCP's JSON-RPC messages (src/mcp): read_call on any JSON, the revision
// negotiation, and the stdio server's whole loop over the input as
// newline-delimited messages (initialize, batches, tools/call, cancellation)
// with one inert tool, answering into memory.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "fuzz_input.hpp"
#include "mcp/json_rpc.hpp"
#include "mcp/protocol_version.hpp"
#include "mcp/stdio_server.hpp"

using namespace l402d;

namespace {

class InertTools : public mcp::StdioTools {
 public:
  mcp::json::array list() const override {
    return {mcp::json::object{{"name", "echo"}, {"inputSchema", {{"type", "object"}}}}};
  }
  std::optional<mcp::json::object> call(std::string_view name, const mcp::json::object& arguments,
                                        std::string_view) override {
    if (name != "echo") return std::nullopt;
    return mcp::json::object{{"content", mcp::json::array{}}, {"structuredContent", arguments}};
  }
};

void read_message(const boost::json::value& message) {
  (void)mcp::is_response(message);
  const auto call = mcp::read_call(message);
  if (!call) {
    (void)mcp::rpc_error(call.error().id, call.error().error);
    return;
  }
  if (const auto* v = call->params.if_contains("protocolVersion"); v && v->is_string()) {
    fuzz::check(mcp::is_supported(mcp::negotiate(v->get_string())));
  }
  (void)mcp::rpc_result(call->id, {});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  if (const auto json = fuzz::parse_json(text)) {
    read_message(*json);
    if (json->is_array()) {
      for (const auto& item : json->get_array())
        read_message(item);
    }
  }

  InertTools tools;
  std::ostringstream log;
  mcp::StdioServer server(tools, {"fuzz", "fuzz", "0", ""}, log);
  std::istringstream in{std::string(text)};
  std::ostringstream out;
  server.run(in, out);
  return 0;
}
