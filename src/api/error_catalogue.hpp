#pragma once

// Every error code l402d answers with, on every rail, and what a client
// should do about it: the table behind GET /api/error-codes. Programs switch
// on the code; the action says whether to retry the same request, pay a new
// invoice, or change the request.

#include <span>
#include <string>
#include <string_view>

namespace l402d::api {

enum class ErrorAction {
  retry,        // the same request again later (with the same credential, if any)
  pay_again,    // a 402 with a fresh challenge: pay its invoice
  fix_request,  // the request (body, headers, credential) must change
  none,         // nothing to do: the resource is gone or was never there
};

std::string_view to_string(ErrorAction action);

struct ErrorCodeInfo {
  std::string_view code;
  unsigned status;  // the usual HTTP status (paid work that fails: 503 when retryable, else 502)
  ErrorAction action;
  std::string_view meaning;
};

std::span<const ErrorCodeInfo> error_catalogue();
const ErrorCodeInfo* find_error_code(std::string_view code);

// {"codes": [{"code", "status", "action", "meaning"}...]}
std::string error_catalogue_json();

}  // namespace l402d::api
