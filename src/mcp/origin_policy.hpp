#pragma once

// Which browser origins may call POST /mcp. The MCP transport asks servers to
// check Origin against DNS rebinding: a page on a foreign site must not
// drive a server on the buyer's own machine. Requests without Origin (every
// non-browser client) pass; a browser's Origin passes only when it is the
// origin of the public URL or one the seller configured.

#include <string>
#include <string_view>
#include <vector>

namespace l402d::mcp {

class OriginPolicy {
 public:
  // `allowed`: origins ("scheme://host[:port]") besides the public URL's,
  // or "*" for any.
  explicit OriginPolicy(std::vector<std::string> allowed);

  // `origin` is the header's value, empty when there is none. The public URL
  // "https://ai.example.com/..." allows "https://ai.example.com" (given per
  // call: it may be known only once the port is bound).
  bool allows(std::string_view origin, std::string_view public_url) const;

 private:
  std::vector<std::string> allowed_;  // lower case, without a trailing slash
  bool any_ = false;
};

// "scheme://host[:port]" of a URL, lower-cased.
std::string origin_of(std::string_view url);

}  // namespace l402d::mcp
