#include "gateway/request_hash.hpp"

#include "l402/request_binding.hpp"

namespace l402d::gateway {

const Hash32& request_hash_of(http::Exchange& ex) {
  if (!ex.request_hash) {
    const auto& req = ex.request;
    const auto method = std::string_view(http::beast_http::to_string(req.method()));
    // The whole target: a query string is part of what was asked (a proxied
    // GET /search?q=… is another request for each q).
    const auto target = std::string_view(req.target());
    ex.request_hash = ex.json_body ? l402::request_hash_of_parsed(method, target, *ex.json_body)
                                   : l402::request_hash(method, target, req.body());
  }
  return *ex.request_hash;
}

}  // namespace l402d::gateway
