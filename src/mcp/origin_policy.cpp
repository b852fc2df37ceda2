#include "mcp/origin_policy.hpp"

#include <algorithm>
#include <cctype>

namespace l402d::mcp {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string origin_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return lower(url);
  const auto path = url.find('/', scheme_end + 3);
  return lower(url.substr(0, path));
}

OriginPolicy::OriginPolicy(std::vector<std::string> allowed) {
  for (const auto& a : allowed) {
    if (a == "*") any_ = true;
    allowed_.push_back(origin_of(a));
  }
}

bool OriginPolicy::allows(std::string_view origin, std::string_view public_url) const {
  if (origin.empty() || any_) return true;
  const auto o = origin_of(origin);
  if (!public_url.empty() && o == origin_of(public_url)) return true;
  return std::find(allowed_.begin(), allowed_.end(), o) != allowed_.end();
}

}  // namespace l402d::mcp
