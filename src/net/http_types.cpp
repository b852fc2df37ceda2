#include "net/http_types.hpp"

namespace l402d::net {

std::string_view HttpResponse::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

}  // namespace l402d::net
