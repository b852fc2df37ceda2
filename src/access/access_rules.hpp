#pragma once

// Who may use a paid service without paying, and how many invoices one client
// may ask for: the per-service settings behind gateway::AccessFilter, kept
// free of HTTP so that the configuration can hold them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "access/client_prefix.hpp"

namespace l402d::access {

struct AccessRules {
  enum class Auth {
    on,        // every request pays (free_paths aside)
    off,       // nothing is sold: every request is served free
    freebies,  // free_per_day free requests per client prefix, then pay
  };
  Auth auth = Auth::on;
  std::uint32_t free_per_day = 0;  // with Auth::freebies; at least 1 then
  // Served free whatever `auth` says: an exact path, or every path under an
  // entry that ends with '/'.
  std::vector<std::string> free_paths;
  // Unpaid requests answered with a challenge, per client prefix per minute;
  // 0: no limit. Each challenge costs a signature and a Lightning node call.
  std::uint32_t challenges_per_minute = 60;
  PrefixLengths prefix;
};

std::string_view to_string(AccessRules::Auth auth);

// Whether `path` (without the query) is one of `free_paths`.
bool is_free_path(const std::vector<std::string>& free_paths, std::string_view path);

}  // namespace l402d::access
