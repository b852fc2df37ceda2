#include "gateway/token_waiters.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace l402d::gateway {

TokenWatch::TokenWatch(TokenWaiters& registry, const Hash32& token_id,
                       boost::asio::any_io_executor ex)
    : registry_(registry), token_id_(token_id), timer_(std::move(ex)) {
  registry_.add(this);
}

TokenWatch::~TokenWatch() {
  registry_.remove(this);
}

// The flag covers a wake before the wait starts; the cancel, posted to the
// timer's own executor, one during it. The wait checks the flag and starts
// the timer without suspending in between, so one of the two always lands.
boost::asio::awaitable<void> TokenWatch::wait(std::chrono::milliseconds fallback) {
  if (woken_.exchange(false)) co_return;
  timer_.expires_after(fallback);
  co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  woken_ = false;
}

// Called with the registry's lock held, so the watch is not destroyed
// meanwhile (a watch whose last owner has let go is skipped); the posted
// cancel reaches the timer only if the watch still exists then.
void TokenWatch::wake() {
  auto self = weak_from_this();
  if (self.expired()) return;
  woken_ = true;
  boost::asio::post(timer_.get_executor(), [self] {
    if (auto watch = self.lock()) watch->timer_.cancel();
  });
}

std::shared_ptr<TokenWatch> TokenWaiters::watch(const Hash32& token_id,
                                                boost::asio::any_io_executor ex) {
  return std::make_shared<TokenWatch>(*this, token_id, std::move(ex));
}

void TokenWaiters::notify(const Hash32& token_id) {
  std::lock_guard lock(mutex_);
  auto [first, last] = watches_.equal_range(token_id);
  for (auto it = first; it != last; ++it)
    it->second->wake();
}

void TokenWaiters::add(TokenWatch* watch) {
  std::lock_guard lock(mutex_);
  watches_.emplace(watch->token_id_, watch);
}

void TokenWaiters::remove(TokenWatch* watch) {
  std::lock_guard lock(mutex_);
  auto [first, last] = watches_.equal_range(watch->token_id_);
  for (auto it = first; it != last; ++it) {
    if (it->second == watch) {
      watches_.erase(it);
      return;
    }
  }
}

}  // namespace l402d::gateway
