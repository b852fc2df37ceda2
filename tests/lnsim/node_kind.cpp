#include "lnsim/node_kind.hpp"

namespace l402d::lnsim {

std::string_view name_of(NodeKind kind) {
  switch (kind) {
    case NodeKind::lnd:
      return "lnd";
    case NodeKind::cln:
      return "cln";
    case NodeKind::lnbits:
      return "lnbits";
    case NodeKind::phoenixd:
      break;
  }
  return "phoenixd";
}

std::optional<NodeKind> node_kind_from_name(std::string_view name) {
  for (const NodeKind k : kAllNodes) {
    if (name_of(k) == name) return k;
  }
  return std::nullopt;
}

}  // namespace l402d::lnsim
