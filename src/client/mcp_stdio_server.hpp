#pragma once

// `l402 mcp`: the generic stdio MCP server (mcp/stdio_server.hpp) with the
// buyer's tools (mcp_tools.hpp) and the buyer's name and instructions.

#include <iosfwd>
#include <string>

#include "client/mcp_tools.hpp"
#include "mcp/stdio_server.hpp"

namespace l402d::client {

class McpStdioServer : public mcp::StdioServer {
 public:
  McpStdioServer(BuyerTools& tools, std::string version, std::ostream& log);
};

}  // namespace l402d::client
