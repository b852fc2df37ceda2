#include "admin/admin_status.hpp"

namespace l402d::admin {

std::string_view build_version() {
  return L402D_VERSION;
}

boost::json::object status_json(const NodeFacts& facts) {
  return {{"backend", facts.backend},
          {"network", facts.network},
          {"node_id", facts.node_id},
          {"version", facts.version},
          {"started_at", facts.started_at}};
}

}  // namespace l402d::admin
