#include "access/access_rules.hpp"

namespace l402d::access {

std::string_view to_string(AccessRules::Auth auth) {
  switch (auth) {
    case AccessRules::Auth::on:
      return "on";
    case AccessRules::Auth::off:
      return "off";
    case AccessRules::Auth::freebies:
      return "freebies";
  }
  return "unknown";
}

bool is_free_path(const std::vector<std::string>& free_paths, std::string_view path) {
  for (const auto& entry : free_paths) {
    if (entry == path) return true;
    if (!entry.empty() && entry.back() == '/' && path.starts_with(entry)) return true;
  }
  return false;
}

}  // namespace l402d::access
