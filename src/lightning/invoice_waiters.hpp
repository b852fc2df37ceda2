#pragma once

// Buyers waiting for their invoices to be paid, woken by whoever learns of a
// settlement first: a node's stream (LND's subscription, CLN's
// waitanyinvoice, Phoenixd's websocket, NWC notifications) or the builtin
// node's settle. A waiter costs a timer and a map entry, never a thread and
// never a call to the node, so many buyers can watch their invoices at once.
//
// Enrol before looking the invoice up, then wait: a settlement between the
// lookup and the wait is not lost.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "lightning/backend.hpp"

namespace l402d::lightning {

class InvoiceWaiters {
  struct Waiter;

 public:
  class Ticket {
   public:
    Ticket(Ticket&&) noexcept = default;
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();
    // The status notify() delivered, or nullopt when `timeout` passed (or the
    // waiting coroutine was cancelled) first.
    boost::asio::awaitable<std::optional<InvoiceStatus>> wait(std::chrono::milliseconds timeout);

   private:
    friend class InvoiceWaiters;
    Ticket(InvoiceWaiters& owner, Hash32 hash, std::shared_ptr<Waiter> waiter)
        : owner_(&owner), hash_(hash), waiter_(std::move(waiter)) {}
    InvoiceWaiters* owner_;
    Hash32 hash_;
    std::shared_ptr<Waiter> waiter_;
  };

  // On the calling coroutine's executor.
  boost::asio::awaitable<Ticket> enrol(Hash32 payment_hash);
  // From any thread: wakes every waiter of that invoice with `status`.
  void notify(const Hash32& payment_hash, const InvoiceStatus& status);
  std::size_t waiting() const;

 private:
  void leave(const Hash32& hash, const std::shared_ptr<Waiter>& waiter);

  mutable std::mutex mutex_;
  std::multimap<Hash32, std::shared_ptr<Waiter>> waiters_;
};

}  // namespace l402d::lightning
