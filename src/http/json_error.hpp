#pragma once

// Every error l402d sends has one shape:
//   {"error": {"code": "<stable_snake_case>", "message": "<what a person can do>"}}
// Programs switch on `code`; people read `message`. Messages never carry secrets.

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace l402d::http {

std::string error_body(std::string_view code, std::string_view message);

StringResponse error_response(const Request& request, Status status, std::string_view code,
                              std::string_view message);

}  // namespace l402d::http
