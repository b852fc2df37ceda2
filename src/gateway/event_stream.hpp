#pragma once

// A paid answer sent as server-sent events while the work runs
// (docs/streaming.md). The work emits events from any thread (its engine's
// worker); the stream writes them on the connection's thread as they come,
// and a progress event after each quiet interval, so that proxies and
// clients see the connection live during a long job. The work's end arrives
// as the last event: `result` (the body the request would have answered
// with) or `error`.
//
// The stream and the work are apart on purpose: a client that goes away ends
// only the writing; the work goes on, and its result is recorded with the
// token, so a replay gets it whole.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "http/body_writer.hpp"
#include "http/message.hpp"

namespace l402d::gateway {

// Whether the request asks for events: Accept: text/event-stream, or
// "stream": true in its JSON body.
bool asks_for_events(const http::Exchange& exchange);

// One event in the text/event-stream format; a multi-line `data` becomes one
// data line per line.
std::string sse_event(std::string_view event, std::string_view data);

class EventStream : public std::enable_shared_from_this<EventStream> {
 public:
  explicit EventStream(boost::asio::any_io_executor executor);

  // Thread-safe. Events after finish() are dropped.
  void emit(std::string_view event, std::string data);
  // The last event was emitted: the writer ends the body once it is sent.
  void finish();

  // Writes events until finish(), a progress event after each `quiet`
  // interval without one. Returns early when the client is gone or the
  // server stops (the work goes on regardless).
  boost::asio::awaitable<void> pump(http::BodyWriter& writer, std::chrono::milliseconds quiet);

 private:
  struct Batch {
    std::string text;
    bool done = false;
  };
  Batch take();
  void wake();

  boost::asio::any_io_executor executor_;
  boost::asio::steady_timer timer_;  // touched on the executor only
  std::mutex mutex_;
  std::deque<std::pair<std::string, std::string>> queued_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace l402d::gateway
