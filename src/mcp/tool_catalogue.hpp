#pragma once

// The tools an MCP client sees, generated from the same listings as the
// OpenAPI document: one paid tool per service whose request schema is known
// (its inputSchema is that schema plus the optional `payment` argument), and
// the free tools list_services, quote and check_job.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/discovery.hpp"

namespace l402d::mcp {

namespace json = boost::json;

// The argument a paid tool and check_job take the buyer's credential in.
inline constexpr std::string_view kPaymentArgument = "payment";

struct PaidTool {
  std::string name;  // the service's name
  std::string path;  // where its paid request is POSTed
  std::string description;
  std::uint64_t price_sats = 0;
  bool priced_by_request = false;  // the price follows the arguments: quote tells it
  bool long_running = false;       // answered as a job (Prefer: respond-async)
  json::object input_schema;
};

class ToolCatalogue {
 public:
  // `long_running`: the services whose calls are made as jobs.
  ToolCatalogue(const api::Catalogue& catalogue, const std::set<std::string>& long_running);

  const std::vector<PaidTool>& paid() const { return paid_; }
  // nullptr when no paid tool has that name.
  const PaidTool* find_paid(std::string_view name) const;
  // The `tools` array of tools/list.
  const json::array& listed() const { return listed_; }

 private:
  std::vector<PaidTool> paid_;
  json::array listed_;
};

// The JSON schema of the `payment` argument.
json::object payment_argument_schema();

}  // namespace l402d::mcp
