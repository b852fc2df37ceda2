#pragma once

// Who may call the admin API: a peer on a loopback address (or any peer when
// the listener is TLS, so the token never crosses a network in the clear)
// presenting Authorization: Bearer <admin token>. Every call is logged with
// its method, path, status and peer; never the token or the query.

#include <optional>
#include <string>
#include <string_view>

#include "http/handler.hpp"

namespace l402d::admin {

// Whether the peer address (as the server reports it) is loopback, IPv4-mapped
// IPv6 included.
bool is_loopback_peer(std::string_view address);

class AdminGuard final : public http::Filter {
 public:
  explicit AdminGuard(std::string token) : token_(std::move(token)) {}
  boost::asio::awaitable<http::Response> handle(http::Exchange& ex,
                                                const http::Handler& next) override;

 private:
  // The answer before the handler runs: a refusal, or none.
  std::optional<http::Response> refusal(const http::Exchange& ex) const;

  std::string token_;
};

}  // namespace l402d::admin
