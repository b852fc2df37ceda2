#pragma once

// A deadline for the I/O on one socket: when it passes, the socket is closed,
// so that whatever operation is pending completes with an error, and
// expired() tells the caller that the error was the deadline's.
//
// One timer serves the whole life of a connection. Moving the deadline later
// only stores the new time point; the timer is re-armed lazily when it fires
// early, so a stream that moves the deadline once per read costs no timer
// operation per read.
// Not thread-safe: use it from the connection's own executor.

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <memory>

namespace l402d::net {

class SocketDeadline {
 public:
  using Clock = std::chrono::steady_clock;

  // on_expiry closes the socket; it runs on the executor, at most once per
  // expiry.
  SocketDeadline(const boost::asio::any_io_executor& ex, std::function<void()> on_expiry);
  ~SocketDeadline();
  SocketDeadline(const SocketDeadline&) = delete;
  SocketDeadline& operator=(const SocketDeadline&) = delete;

  void expires_after(std::chrono::milliseconds duration);
  // No deadline until the next expires_after (an idle pooled connection).
  void expires_never();
  bool expired() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace l402d::net
