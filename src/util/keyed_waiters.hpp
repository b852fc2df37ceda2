#pragma once

// Coroutines waiting for a value under a key, woken by whoever learns it
// first, from any thread: a buyer waiting for an invoice to be paid (keyed by
// payment hash), a request waiting for its answer from a relay (keyed by
// event id). A waiter costs a timer and a map entry, never a thread.
//
// Enrol before asking for the value, then wait: a value delivered between the
// two is not lost. Waiters run on single-threaded executors (an io_context
// run by one thread, or a strand): the wake-up is posted there.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace l402d {

template <class Key, class Value>
class KeyedWaiters {
  struct Waiter {
    explicit Waiter(const boost::asio::any_io_executor& ex) : timer(ex) {}
    boost::asio::steady_timer timer;  // touched on its own executor only
    std::optional<Value> result;      // written under the owner's mutex
  };

 public:
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept
        : owner_(other.owner_), key_(other.key_), waiter_(std::move(other.waiter_)) {}
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket() {
      if (waiter_) owner_->leave(key_, waiter_);
    }
    // The value notify() delivered, or nullopt when `timeout` passed (or the
    // waiting coroutine was cancelled) first.
    boost::asio::awaitable<std::optional<Value>> wait(std::chrono::milliseconds timeout) {
      {
        std::lock_guard lock(owner_->mutex_);
        if (waiter_->result) co_return waiter_->result;
        waiter_->timer.expires_after(timeout);
      }
      boost::system::error_code ec;
      co_await waiter_->timer.async_wait(
          boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      std::lock_guard lock(owner_->mutex_);
      co_return waiter_->result;
    }

   private:
    friend class KeyedWaiters;
    Ticket(KeyedWaiters& owner, Key key, std::shared_ptr<Waiter> waiter)
        : owner_(&owner), key_(std::move(key)), waiter_(std::move(waiter)) {}
    KeyedWaiters* owner_;
    Key key_;
    std::shared_ptr<Waiter> waiter_;
  };

  // On the calling coroutine's executor.
  boost::asio::awaitable<Ticket> enrol(Key key) {
    auto waiter = std::make_shared<Waiter>(co_await boost::asio::this_coro::executor);
    waiter->timer.expires_at(boost::asio::steady_timer::time_point::max());
    std::lock_guard lock(mutex_);
    waiters_.emplace(key, waiter);
    co_return Ticket(*this, std::move(key), std::move(waiter));
  }

  // From any thread: wakes every waiter of `key` with `value`.
  void notify(const Key& key, const Value& value) {
    std::lock_guard lock(mutex_);
    auto [first, last] = waiters_.equal_range(key);
    for (auto it = first; it != last; ++it) {
      auto waiter = it->second;
      waiter->result = value;
      // Timers are not thread-safe: cancel on the waiter's own executor.
      boost::asio::post(waiter->timer.get_executor(), [waiter] { waiter->timer.cancel(); });
    }
    waiters_.erase(first, last);
  }

  std::size_t waiting() const {
    std::lock_guard lock(mutex_);
    return waiters_.size();
  }

 private:
  void leave(const Key& key, const std::shared_ptr<Waiter>& waiter) {
    std::lock_guard lock(mutex_);
    auto [first, last] = waiters_.equal_range(key);
    for (auto it = first; it != last; ++it) {
      if (it->second == waiter) {
        waiters_.erase(it);
        return;
      }
    }
  }

  mutable std::mutex mutex_;
  std::multimap<Key, std::shared_ptr<Waiter>> waiters_;
};

}  // namespace l402d
