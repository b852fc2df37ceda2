#include "lightning/backend.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace l402d::lightning {

std::string_view to_string(BackendErrorCode c) {
  switch (c) {
    case BackendErrorCode::unavailable:
      return "unavailable";
    case BackendErrorCode::rejected:
      return "rejected";
    case BackendErrorCode::timeout:
      return "timeout";
    case BackendErrorCode::unauthorized:
      return "unauthorized";
    case BackendErrorCode::wrong_network:
      return "wrong_network";
  }
  return "unknown";
}

boost::asio::awaitable<std::optional<InvoiceStatus>> Backend::async_wait_invoice(
    Hash32 payment_hash, std::chrono::milliseconds timeout) {
  // A remote node is asked at most four times a second per waiter: often enough
  // for a person watching a QR code, rare enough not to load the node.
  constexpr std::chrono::milliseconds kPoll(250);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  for (;;) {
    auto status = co_await async_lookup_invoice(payment_hash);
    if (!status || status->state != InvoiceState::open) co_return status;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) co_return status;
    timer.expires_after(std::min<std::chrono::steady_clock::duration>(deadline - now, kPoll));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
}

}  // namespace l402d::lightning
