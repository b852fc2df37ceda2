#include "client/mcp_stdio_server.hpp"

namespace l402d::client {

namespace {

constexpr std::string_view kInstructions =
    "Use fetch to call HTTP APIs that charge per request over Bitcoin Lightning (HTTP 402 with "
    "L402, MPP or x402): l402 pays from the wallet of the person who started this server and "
    "repeats the request, never above their caps. Use quote first when the price matters, "
    "budget to see what is left today, and receipts for what was bought.";

}  // namespace

McpStdioServer::McpStdioServer(BuyerTools& tools, std::string version, std::ostream& log)
    : mcp::StdioServer(
          tools, {"l402", "l402 buyer", std::move(version), std::string(kInstructions)}, log) {}

}  // namespace l402d::client
