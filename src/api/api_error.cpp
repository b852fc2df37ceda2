#include "api/api_error.hpp"

#include <boost/json.hpp>

namespace l402d::api {

http::StringResponse to_response(const http::Request& request, const ApiError& error) {
  boost::json::object inner{{"code", error.code}, {"message", error.message}};
  if (!error.field.empty()) inner["field"] = error.field;
  auto res = http::make_response(request, error.status, "application/json",
                                 boost::json::serialize(boost::json::object{{"error", inner}}));
  res.set(http::Field::cache_control, "no-store");
  return res;
}

}  // namespace l402d::api
