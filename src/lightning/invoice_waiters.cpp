#include "lightning/invoice_waiters.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace l402d::lightning {

namespace asio = boost::asio;

struct InvoiceWaiters::Waiter {
  explicit Waiter(const asio::any_io_executor& ex) : timer(ex) {}
  asio::steady_timer timer;             // touched on its own executor only
  std::optional<InvoiceStatus> result;  // written under the owner's mutex
  bool notified = false;
};

asio::awaitable<InvoiceWaiters::Ticket> InvoiceWaiters::enrol(Hash32 payment_hash) {
  auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
  waiter->timer.expires_at(asio::steady_timer::time_point::max());
  std::lock_guard lock(mutex_);
  waiters_.emplace(payment_hash, waiter);
  co_return Ticket(*this, payment_hash, waiter);
}

void InvoiceWaiters::notify(const Hash32& payment_hash, const InvoiceStatus& status) {
  std::lock_guard lock(mutex_);
  auto [first, last] = waiters_.equal_range(payment_hash);
  for (auto it = first; it != last; ++it) {
    auto waiter = it->second;
    waiter->result = status;
    waiter->notified = true;
    // Timers are not thread-safe: cancel on the waiter's own executor.
    asio::post(waiter->timer.get_executor(), [waiter] { waiter->timer.cancel(); });
  }
  waiters_.erase(first, last);
}

std::size_t InvoiceWaiters::waiting() const {
  std::lock_guard lock(mutex_);
  return waiters_.size();
}

void InvoiceWaiters::leave(const Hash32& hash, const std::shared_ptr<Waiter>& waiter) {
  std::lock_guard lock(mutex_);
  auto [first, last] = waiters_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    if (it->second == waiter) {
      waiters_.erase(it);
      return;
    }
  }
}

InvoiceWaiters::Ticket::~Ticket() {
  if (waiter_) owner_->leave(hash_, waiter_);
}

asio::awaitable<std::optional<InvoiceStatus>> InvoiceWaiters::Ticket::wait(
    std::chrono::milliseconds timeout) {
  {
    std::lock_guard lock(owner_->mutex_);
    if (waiter_->notified) co_return waiter_->result;
    waiter_->timer.expires_after(timeout);
  }
  boost::system::error_code ec;
  co_await waiter_->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  std::lock_guard lock(owner_->mutex_);
  co_return waiter_->result;
}

}  // namespace l402d::lightning
