#include "mcp/protocol_version.hpp"

#include <algorithm>
#include <array>

namespace l402d::mcp {

namespace {

constexpr std::array<std::string_view, 4> kRevisions = {kLatestRevision, "2025-06-18", "2025-03-26",
                                                        "2024-11-05"};

}  // namespace

std::span<const std::string_view> supported_revisions() {
  return kRevisions;
}

bool is_supported(std::string_view revision) {
  return std::find(kRevisions.begin(), kRevisions.end(), revision) != kRevisions.end();
}

std::string negotiate(std::string_view requested) {
  return std::string(is_supported(requested) ? requested : kLatestRevision);
}

// Revisions are dates, so they compare as strings.
bool allows_batches(std::string_view revision) {
  return revision < "2025-06-18";
}

bool has_resource_links(std::string_view revision) {
  return revision >= "2025-06-18";
}

}  // namespace l402d::mcp
