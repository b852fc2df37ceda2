#pragma once

// GET /api/admin/status: what the dashboard shows as settings, the facts the
// start banner prints (backend, network, node public key) and since when the
// process runs. Kept as a plain struct so that admin needs no lightning or
// app headers: the server fills it once at start.

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace l402d::admin {

// This build's version (the CMake project's).
std::string_view build_version();

struct NodeFacts {
  std::string backend;  // "builtin", "lnd", "cln", …
  std::string network;  // "regtest", "mainnet", …; empty when nobody says
  std::string node_id;  // hex public key; empty when the node's API does not say
  std::string version{build_version()};
  std::int64_t started_at = 0;  // unix seconds
};

// {"backend", "network", "node_id", "version", "started_at"}
boost::json::object status_json(const NodeFacts& facts);

}  // namespace l402d::admin
