#pragma once

// The MCP revisions this server speaks and what differs between them.
// The newest is what the official TypeScript SDK asks for today; the older
// ones are what clients built on earlier SDKs still send.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace l402d::mcp {

inline constexpr std::string_view kLatestRevision = "2025-11-25";
// What a request without MCP-Protocol-Version is taken to speak (the
// Streamable HTTP transport says so for servers that cannot tell otherwise).
inline constexpr std::string_view kAssumedRevision = "2025-03-26";

std::span<const std::string_view> supported_revisions();
bool is_supported(std::string_view revision);
// initialize: the client's revision if we speak it, else our newest (the
// client then decides whether it can go on).
std::string negotiate(std::string_view requested);
// Batches (JSON arrays of messages) were removed in 2025-06-18.
bool allows_batches(std::string_view revision);
// resource_link content and structuredContent came with 2025-06-18.
bool has_resource_links(std::string_view revision);

}  // namespace l402d::mcp
