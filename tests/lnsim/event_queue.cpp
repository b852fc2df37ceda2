#include "lnsim/event_queue.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace l402d::lnsim {

namespace asio = boost::asio;

EventQueue::EventQueue(asio::any_io_executor executor, NodeKind node, unsigned kinds)
    : node_(node), kinds_(kinds), timer_(std::move(executor)) {}

void EventQueue::push(LedgerEvent event) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    if (events_.size() >= kMaxPending) {
      closed_ = true;
      events_.clear();
    } else {
      events_.push_back(std::move(event));
    }
    if (wake_pending_) return;
    wake_pending_ = true;
  }
  wake();
}

void EventQueue::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    if (wake_pending_) return;
    wake_pending_ = true;
  }
  wake();
}

bool EventQueue::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

// One wake-up in flight at a time: a burst of events costs one post.
void EventQueue::wake() {
  asio::post(timer_.get_executor(), [weak = weak_from_this()] {
    auto self = weak.lock();
    if (!self) return;
    {
      std::lock_guard lock(self->mutex_);
      self->wake_pending_ = false;
    }
    self->timer_.cancel();
  });
}

asio::awaitable<std::optional<LedgerEvent>> EventQueue::next(
    std::chrono::steady_clock::time_point deadline, asio::cancellation_slot slot,
    const bool& stopped) {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (!events_.empty()) {
        LedgerEvent event = std::move(events_.front());
        events_.pop_front();
        co_return event;
      }
      if (closed_) co_return std::nullopt;
    }
    if (stopped || std::chrono::steady_clock::now() >= deadline) co_return std::nullopt;
    // A wake posted before this wait began finds it waiting (both run on this
    // executor), so no event is missed between the check above and the wait.
    timer_.expires_at(deadline);
    co_await timer_.async_wait(
        asio::bind_cancellation_slot(slot, asio::as_tuple(asio::use_awaitable)));
    if (slot.is_connected()) slot.clear();
  }
}

}  // namespace l402d::lnsim
