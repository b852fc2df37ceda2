#include "admin/admin_guard.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <cctype>

#include "admin/admin_token.hpp"
#include "http/json_error.hpp"

namespace l402d::admin {

bool is_loopback_peer(std::string_view address) {
  boost::system::error_code ec;
  const auto ip = boost::asio::ip::make_address(address, ec);
  if (ec) return false;
  if (ip.is_v6() && ip.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, ip.to_v6()).is_loopback();
  }
  return ip.is_loopback();
}

namespace {

std::string_view bearer_of(const http::Request& req) {
  const auto it = req.find(http::Field::authorization);
  if (it == req.end()) return {};
  const std::string_view value = it->value();
  constexpr std::string_view scheme = "Bearer ";
  if (value.size() <= scheme.size()) return {};
  // The scheme is case-insensitive (RFC 9110); the token is not.
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) !=
        std::tolower(static_cast<unsigned char>(scheme[i])))
      return {};
  }
  return value.substr(scheme.size());
}

}  // namespace

std::optional<http::Response> AdminGuard::refusal(const http::Exchange& ex) const {
  if (!ex.secure && !is_loopback_peer(ex.remote_address)) {
    return http::error_response(
        ex.request, http::Status::forbidden, "admin_forbidden_remote",
        "The admin API answers only loopback addresses unless the listener has TLS.");
  }
  if (!admin_token_matches(token_, bearer_of(ex.request))) {
    auto r = http::error_response(ex.request, http::Status::unauthorized, "admin_unauthorized",
                                  "Send Authorization: Bearer <the token in the data "
                                  "directory's admin.token>.");
    r.set(http::Field::www_authenticate, "Bearer realm=\"l402d-admin\"");
    return r;
  }
  return std::nullopt;
}

namespace {

// The audit line: the path without its query, the peer, never a header.
void audit(const http::Exchange& ex, const http::Response& response) {
  spdlog::info("admin: {} {} {} from {}",
               std::string_view(http::beast_http::to_string(ex.request.method())),
               http::target_path(ex.request), response.status_code(), ex.remote_address);
}

}  // namespace

boost::asio::awaitable<http::Response> AdminGuard::handle(http::Exchange& ex,
                                                          const http::Handler& next) {
  if (auto refused = refusal(ex)) {
    audit(ex, *refused);
    co_return std::move(*refused);
  }
  http::Response response = co_await next(ex);
  audit(ex, response);
  co_return response;
}

}  // namespace l402d::admin
