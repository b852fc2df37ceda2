#include "l402/caveat.hpp"

#include "util/hex.hpp"

namespace l402d::l402 {
namespace {

// Calls f(item) for each comma-separated item; stops early when f returns false.
template <class F>
bool for_each_item(std::string_view value, F&& f) {
  std::size_t count = 0;
  for (;;) {
    const std::size_t comma = value.find(',');
    if (++count > kMaxListItems) return false;
    if (!f(value.substr(0, comma))) return false;
    if (comma == std::string_view::npos) return true;
    value.remove_prefix(comma + 1);
  }
}

bool parse_service(std::string_view item, ServiceTier& out) {
  const std::size_t colon = item.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view tier = item.substr(colon + 1);
  if (tier.empty() || tier.size() > 3) return false;
  unsigned v = 0;
  for (char c : tier) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > 255) return false;
  out.name = item.substr(0, colon);
  out.tier = static_cast<std::uint8_t>(v);
  return true;
}

}  // namespace

std::optional<CaveatParts> split_caveat(std::string_view caveat) {
  const std::size_t eq = caveat.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  return CaveatParts{caveat.substr(0, eq), caveat.substr(eq + 1)};
}

std::string format_caveat(std::string_view condition, std::string_view value) {
  std::string out;
  out.reserve(condition.size() + 1 + value.size());
  out.append(condition).append("=").append(value);
  return out;
}

bool is_service_condition(std::string_view condition, std::string_view service,
                          std::string_view suffix) {
  return condition.size() == service.size() + suffix.size() && condition.starts_with(service) &&
         condition.ends_with(suffix);
}

bool parse_services(std::string_view value, std::vector<ServiceTier>& out) {
  out.clear();
  if (value.empty()) return false;
  return for_each_item(value, [&](std::string_view item) {
    ServiceTier s;
    if (!parse_service(item, s)) return false;
    out.push_back(s);
    return true;
  });
}

bool services_valid(std::string_view value) {
  if (value.empty()) return false;
  return for_each_item(value, [](std::string_view item) {
    ServiceTier s;
    return parse_service(item, s);
  });
}

bool services_contains(std::string_view value, std::string_view service) {
  if (value.empty()) return false;
  bool found = false;
  const bool ok = for_each_item(value, [&](std::string_view item) {
    ServiceTier s;
    if (!parse_service(item, s)) return false;
    if (s.name == service) found = true;
    return true;
  });
  return ok && found;
}

bool split_list(std::string_view value, std::vector<std::string_view>& out) {
  out.clear();
  if (value.empty()) return true;
  return for_each_item(value, [&](std::string_view item) {
    out.push_back(item);
    return true;
  });
}

bool list_contains(std::string_view value, std::string_view item) {
  if (value.empty()) return false;
  bool found = false;
  for_each_item(value, [&](std::string_view it) {
    if (it == item) found = true;
    return !found;
  });
  return found;
}

std::optional<std::int64_t> parse_unix_time(std::string_view value) {
  if (value.empty() || value.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool valid_caveat_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c == ':' || c == ',' || c == '=' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      return false;
    }
  }
  return true;
}

std::string services_caveat(std::span<const ServiceGrant> services) {
  std::string value;
  for (const ServiceGrant& s : services) {
    if (!value.empty()) value.push_back(',');
    value.append(s.name).append(":").append(std::to_string(s.tier));
  }
  return format_caveat(kServicesCondition, value);
}

std::string capabilities_caveat(std::string_view service, std::span<const std::string> caps) {
  std::string out(service);
  out.append(kCapabilitiesSuffix).append("=");
  for (std::size_t i = 0; i < caps.size(); ++i) {
    if (i) out.push_back(',');
    out.append(caps[i]);
  }
  return out;
}

std::string valid_until_caveat(std::string_view service, std::int64_t unix_seconds) {
  std::string out(service);
  out.append(kValidUntilSuffix).append("=").append(std::to_string(unix_seconds));
  return out;
}

std::string request_caveat(std::string_view service, const Hash32& request_hash) {
  std::string out(service);
  out.append(kRequestSuffix).append("=").append(to_hex(request_hash));
  return out;
}

std::string price_caveat(std::string_view service, std::uint64_t price_msat) {
  std::string out(service);
  out.append(kPriceSuffix).append("=").append(std::to_string(price_msat));
  return out;
}

std::string preimage_caveat(const Hash32& preimage) {
  return format_caveat(kPreimageCondition, to_hex(preimage));
}

}  // namespace l402d::l402
