#pragma once

// What `l402 mcp`'s fetch tool answers: an MCP CallToolResult a model can
// read (one text block: what happened, what it cost, then the body) and a
// program can use (structuredContent with the same facts as fields). Bodies
// that are not text, or longer than a model should read, are saved to a file
// under the data directory and linked instead of inlined.

#include <boost/json/object.hpp>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "client/budget.hpp"
#include "client/fetcher.hpp"
#include "client/token_cache.hpp"

namespace l402d::client {

struct AnswerContext {
  std::string url;       // as the agent gave it
  std::string revision;  // the MCP revision in use (resource links came with 2025-06-18)
  std::size_t max_inline_bytes = 256 * 1024;
  std::filesystem::path downloads;       // where saved bodies go
  boost::json::object budget;            // budget_json() after the call
  std::optional<TokenEntry> credential;  // the cache entry involved, if any
};

boost::json::object fetch_answer(const FetchResult& result, const AnswerContext& context);

// The caps an agent works within and what is left of today's.
struct Caps {
  std::uint64_t per_call_max_sats = 0;
  std::uint64_t max_fee_sats = 0;
};
boost::json::object budget_json(const Budget& budget, const Caps& caps);

// Text a model can read as it is: valid UTF-8 of a textual media type (or of
// none at all).
bool is_text_body(const std::string& content_type, const std::string& body);

}  // namespace l402d::client
