#pragma once

// The tools `l402 mcp` gives an agent: fetch (any URL, paying its Lightning
// 402 on any rail l402 speaks), quote (the price, nothing paid), budget (the
// caps and what is left today) and receipts (what was bought). The caps are
// the person's, set when the server starts: a call can lower its own cap
// (max_sats) but never raise it, and nothing here lets an agent change them.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/mcp_fetch_answer.hpp"
#include "client/purchaser.hpp"
#include "mcp/stdio_server.hpp"

namespace l402d::client {

struct BuyerToolOptions {
  Caps caps;                                 // per call (price + fee limit) and fees
  std::vector<std::string> allowed_origins;  // scheme://host[:port]; empty: any
  std::size_t max_inline_bytes = 256 * 1024;
  std::filesystem::path downloads;  // bodies that are not inlined
  std::chrono::milliseconds timeout{900'000};
};

class BuyerTools : public mcp::StdioTools {
 public:
  BuyerTools(Purchaser& purchaser, BuyerToolOptions options);

  // tools/list's "tools".
  boost::json::array list() const override;

  // A CallToolResult; nullopt when there is no such tool (a protocol error,
  // not a tool's). Bad arguments are tool errors the model can correct.
  std::optional<boost::json::object> call(std::string_view name,
                                          const boost::json::object& arguments,
                                          std::string_view revision) override;

 private:
  boost::json::object fetch(const boost::json::object& arguments, std::string_view revision,
                            bool quote_only);
  boost::json::object budget() const;
  boost::json::object receipts(const boost::json::object& arguments) const;
  std::optional<std::string> refused_origin(const std::string& url) const;

  Purchaser& purchaser_;
  BuyerToolOptions options_;
};

}  // namespace l402d::client
