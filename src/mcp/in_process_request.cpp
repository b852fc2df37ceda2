#include "mcp/in_process_request.hpp"

#include <array>

#include "http/json_error.hpp"

namespace l402d::mcp {

namespace {

// What the routes read about the client besides the credential.
constexpr std::array<std::string_view, 6> kCarried = {
    "Host", "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "User-Agent"};

}  // namespace

http::Exchange in_process_exchange(const http::Exchange& outer, const InProcessRequest& r) {
  http::Exchange inner;
  inner.remote_address = outer.remote_address;
  inner.secure = outer.secure;
  auto& req = inner.request;
  req.method(r.method);
  req.target(r.target);
  req.version(outer.request.version());
  req.keep_alive(outer.request.keep_alive());
  for (auto name : kCarried)
    if (auto it = outer.request.find(name); it != outer.request.end()) req.set(name, it->value());
  req.set(http::Field::accept, "application/json");
  for (const auto& [name, value] : r.headers)
    req.set(name, value);
  if (!r.body.empty()) {
    req.set(http::Field::content_type, "application/json");
    req.body() = r.body;
  }
  req.prepare_payload();
  return inner;
}

http::StringResponse as_string_response(http::Response response) {
  if (auto* s = std::get_if<http::StringResponse>(&response.message)) return std::move(*s);
  http::Request none;
  return http::error_response(none, http::Status::bad_gateway, "unexpected_answer",
                              "The service answered with a file or a stream, which MCP cannot "
                              "carry here; use its HTTP endpoint.");
}

}  // namespace l402d::mcp
