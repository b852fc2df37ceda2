#pragma once

// A node's push channel (Core Lightning's waitanyinvoice long poll, the
// LNbits and Phoenixd websockets): one coroutine, on the backend's own
// thread and event loop so that it never holds a server I/O thread, run again
// after every failure with backoff: 1 s, doubling to 30 s, back to 1 s once a
// session has lasted a minute. A node that is down costs one attempt per
// 30 s; one that blips is back within a second.
//
// Sessions only speed waiters up: waiters look their invoice up again every
// few seconds (pushed_wait.hpp), so a channel that is down delays a wake-up,
// never loses one.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace boost::asio {
class io_context;
}

namespace l402d::lightning {

class PushChannel {
 public:
  // One connection's life: returns or throws when it ends.
  using Session = std::function<boost::asio::awaitable<void>()>;

  // Starts at once. `what` names the channel in the warnings logged when a
  // session ends ("cln: waitanyinvoice").
  PushChannel(std::string what, Session session);
  // Stops the loop and destroys the session's frame (its sockets) before
  // returning: whatever the session uses must outlive the channel.
  ~PushChannel();
  PushChannel(const PushChannel&) = delete;
  PushChannel& operator=(const PushChannel&) = delete;

 private:
  boost::asio::awaitable<void> run();

  std::string what_;
  Session session_;
  std::unique_ptr<boost::asio::io_context> io_;
  std::thread thread_;
};

}  // namespace l402d::lightning
