#include "lightning/pushed_wait.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

namespace l402d::lightning {

namespace asio = boost::asio;
using std::chrono::milliseconds;

asio::awaitable<std::optional<InvoiceStatus>> wait_pushed(InvoiceWaiters& waiters,
                                                          InvoiceLookup lookup, Hash32 hash,
                                                          milliseconds timeout,
                                                          milliseconds recheck) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    // Enrolled before the lookup: a settlement in between is not lost.
    auto ticket = co_await waiters.enrol(hash);
    auto status = co_await lookup(hash);
    if (!status || status->state != InvoiceState::open) co_return status;
    const auto left =
        std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) co_return status;
    if (auto woken = co_await ticket.wait(std::min(left, recheck))) co_return woken;
  }
}

asio::awaitable<void> wake_waiters(InvoiceWaiters& waiters, InvoiceLookup lookup, Hash32 hash,
                                   std::string_view node) {
  // Nobody waiting: whoever enrols next looks the invoice up anyway.
  if (waiters.waiting() == 0) co_return;
  try {
    auto status = co_await lookup(hash);
    if (status && status->state != InvoiceState::open) waiters.notify(hash, *status);
  } catch (const BackendError& e) {
    spdlog::warn("{}: a payment was pushed but its lookup failed ({})", node, e.what());
  }
}

asio::awaitable<void> wake_from_websocket(std::string url, net::WebSocketOptions options,
                                          PaidHash paid_hash, InvoiceWaiters& waiters,
                                          InvoiceLookup lookup, std::string_view node) {
  auto socket = co_await net::WebSocket::connect(std::move(url), options);
  for (;;) {
    auto message = co_await socket->read();
    if (auto hash = paid_hash(message)) co_await wake_waiters(waiters, lookup, *hash, node);
  }
}

}  // namespace l402d::lightning
