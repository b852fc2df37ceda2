#include "net/socket_deadline.hpp"

#include <boost/asio/steady_timer.hpp>

namespace l402d::net {

namespace asio = boost::asio;

struct SocketDeadline::State : std::enable_shared_from_this<State> {
  State(const asio::any_io_executor& ex, std::function<void()> f)
      : timer(ex), on_expiry(std::move(f)) {}

  // The timer is armed at most once at a time. A wake-up before the (moved)
  // deadline goes back to sleep until it; one after it closes the socket.
  void watch() {
    if (armed || deadline == Clock::time_point::max()) return;
    armed = true;
    // expires_at cancels a wait left from an earlier arming; the generation
    // tells its handler that it no longer speaks for the timer.
    timer.expires_at(deadline);
    timer.async_wait(
        [self = shared_from_this(), g = ++generation](const boost::system::error_code& ec) {
          if (g != self->generation) return;
          self->armed = false;
          if (ec || self->stopped) return;
          if (self->deadline == Clock::time_point::max()) return;
          if (Clock::now() < self->deadline) {
            self->watch();
            return;
          }
          self->expired = true;
          self->on_expiry();
        });
  }

  asio::steady_timer timer;
  std::function<void()> on_expiry;
  Clock::time_point deadline = Clock::time_point::max();
  unsigned generation = 0;
  bool armed = false;
  bool expired = false;
  bool stopped = false;
};

SocketDeadline::SocketDeadline(const asio::any_io_executor& ex, std::function<void()> on_expiry)
    : state_(std::make_shared<State>(ex, std::move(on_expiry))) {}

SocketDeadline::~SocketDeadline() {
  state_->stopped = true;
  state_->timer.cancel();
}

void SocketDeadline::expires_after(std::chrono::milliseconds duration) {
  const auto at = Clock::now() + duration;
  // An armed timer set for later than the new deadline would fire too late.
  if (state_->armed && at < state_->timer.expiry()) state_->armed = false;
  state_->deadline = at;
  state_->expired = false;
  state_->watch();
}

void SocketDeadline::expires_never() {
  state_->deadline = Clock::time_point::max();
  // A pending wait would keep the io_context's run() from returning while
  // the connection idles in a pool.
  if (state_->armed) {
    state_->armed = false;
    ++state_->generation;
    state_->timer.cancel();
  }
}

bool SocketDeadline::expired() const {
  return state_->expired;
}

}  // namespace l402d::net
