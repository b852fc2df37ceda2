#pragma once

// `l402d admin mcp`: the seller's admin API as MCP tools on stdio, for an
// operator's agent. Every tool is one call of the admin API over HTTP with
// the data directory's admin token (admin_client.hpp), so the agent can do
// nothing the API would not let the operator do, and the API's errors come
// back as the tool's. Revocations are marked destructive, so a client asks
// its person before it runs them.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "app/config.hpp"
#include "mcp/stdio_server.hpp"
#include "net/http_types.hpp"

namespace l402d::app {

// One admin call: method, path below /api/admin/ (with its query), body.
using AdminCaller =
    std::function<net::HttpResponse(const std::string&, const std::string&, const std::string&)>;

class AdminTools : public mcp::StdioTools {
 public:
  explicit AdminTools(AdminCaller call) : call_(std::move(call)) {}

  boost::json::array list() const override;
  std::optional<boost::json::object> call(std::string_view name,
                                          const boost::json::object& arguments,
                                          std::string_view revision) override;

 private:
  AdminCaller call_;
};

// Serves until `in` ends; `url` as `l402d admin --url`. Returns the exit status.
int run_admin_mcp(const Config& config, const std::string& url, std::istream& in, std::ostream& out,
                  std::ostream& err);

}  // namespace l402d::app
