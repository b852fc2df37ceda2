#pragma once

// The four simulated nodes, one per API lnsim speaks. Each is a separate node
// of the one simulated network: its own key, alias and balance.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace l402d::lnsim {

enum class NodeKind : std::uint8_t { lnd, cln, lnbits, phoenixd };

inline constexpr std::size_t kNodeCount = 4;
inline constexpr std::array<NodeKind, kNodeCount> kAllNodes = {
    NodeKind::lnd, NodeKind::cln, NodeKind::lnbits, NodeKind::phoenixd};

constexpr std::size_t index_of(NodeKind kind) {
  return static_cast<std::size_t>(kind);
}

// "lnd", "cln", "lnbits", "phoenixd": the names lnsim.json and the control port use.
std::string_view name_of(NodeKind kind);
std::optional<NodeKind> node_kind_from_name(std::string_view name);

}  // namespace l402d::lnsim
