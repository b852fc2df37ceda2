#pragma once

// A subscriber's mailbox: the ledger pushes events from any thread, one
// coroutine on the subscriber's connection pops them. Unbounded up to a cap:
// a reader that falls that far behind is closed rather than grow memory.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "lnsim/ledger_event.hpp"

namespace l402d::lnsim {

class EventQueue : public std::enable_shared_from_this<EventQueue> {
 public:
  static constexpr std::size_t kMaxPending = 100'000;

  // `kinds`: a mask of EventKind values; `node`: whose events.
  EventQueue(boost::asio::any_io_executor executor, NodeKind node, unsigned kinds);

  bool wants(const LedgerEvent& event) const {
    return event.node == node_ && (static_cast<unsigned>(event.kind) & kinds_) != 0;
  }
  // Any thread.
  void push(LedgerEvent event);
  void close();
  bool closed() const;

  // On the executor only. The next event, or nullopt once closed, past the
  // deadline, or when `stopped` reads true after a cancellation through `slot`.
  boost::asio::awaitable<std::optional<LedgerEvent>> next(
      std::chrono::steady_clock::time_point deadline, boost::asio::cancellation_slot slot,
      const bool& stopped);

 private:
  void wake();

  NodeKind node_;
  unsigned kinds_;
  mutable std::mutex mutex_;
  std::deque<LedgerEvent> events_;
  bool closed_ = false;
  bool wake_pending_ = false;
  boost::asio::steady_timer timer_;  // touched on the executor only
};

}  // namespace l402d::lnsim
