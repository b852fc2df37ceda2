#include "http/json_error.hpp"

#include <boost/json.hpp>

namespace l402d::http {

std::string error_body(std::string_view code, std::string_view message) {
  boost::json::object inner;
  inner["code"] = code;
  inner["message"] = message;
  boost::json::object outer;
  outer["error"] = std::move(inner);
  return boost::json::serialize(outer);
}

StringResponse error_response(const Request& request, Status status, std::string_view code,
                              std::string_view message) {
  auto res = make_response(request, status, "application/json", error_body(code, message));
  // Errors are about this request only; a cache must never replay them.
  res.set(Field::cache_control, "no-store");
  return res;
}

}  // namespace l402d::http
