#pragma once

// A request the API refuses before any invoice exists: the HTTP status, a
// stable code, the offending field (if any) and a message a person can act on.

#include <string>

#include "http/message.hpp"

namespace l402d::api {

struct ApiError {
  http::Status status = http::Status::bad_request;
  std::string code;
  std::string field;  // empty when the problem is not one field
  std::string message;
};

// {"error": {"code": ..., "message": ..., "field": ...}}
http::StringResponse to_response(const http::Request& request, const ApiError& error);

}  // namespace l402d::api
