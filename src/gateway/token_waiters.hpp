#pragma once

// Requests waiting for a busy token's work to end (a replay of a job still
// running), woken the moment it ends: here, because the gate says so, or at
// another instance, because a shared store's change feed does
// (store::Store::on_token_changed). A fallback poll covers a notice that was
// lost (a dropped database connection), so a waiter never hangs on one.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "util/bytes.hpp"

namespace l402d::gateway {

class TokenWaiters;

// One waiter's interest in one token. Made before the token is read, so that
// an end between the read and the wait is not missed.
class TokenWatch : public std::enable_shared_from_this<TokenWatch> {
 public:
  TokenWatch(TokenWaiters& registry, const Hash32& token_id, boost::asio::any_io_executor ex);
  ~TokenWatch();
  TokenWatch(const TokenWatch&) = delete;
  TokenWatch& operator=(const TokenWatch&) = delete;

  // Returns once the token's work has ended since the last wait (at once if
  // it already has), or after `fallback`.
  boost::asio::awaitable<void> wait(std::chrono::milliseconds fallback);

 private:
  friend class TokenWaiters;
  void wake();  // any thread

  TokenWaiters& registry_;
  Hash32 token_id_;
  boost::asio::steady_timer timer_;
  std::atomic<bool> woken_{false};
};

class TokenWaiters {
 public:
  // Waits on `ex`, the executor of the coroutine that waits.
  std::shared_ptr<TokenWatch> watch(const Hash32& token_id, boost::asio::any_io_executor ex);
  // The token's work ended (completed or failed); safe from any thread.
  void notify(const Hash32& token_id);

 private:
  friend class TokenWatch;
  void add(TokenWatch* watch);
  void remove(TokenWatch* watch);

  std::mutex mutex_;
  std::multimap<Hash32, TokenWatch*> watches_;
};

}  // namespace l402d::gateway
