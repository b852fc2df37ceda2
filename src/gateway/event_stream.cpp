#include "gateway/event_stream.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "util/text.hpp"

namespace l402d::gateway {

namespace asio = boost::asio;

namespace {

bool accepts_events(std::string_view accept) {
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    auto item = trim_ows(accept.substr(0, comma));
    item = trim_ows(item.substr(0, item.find(';')));
    if (iequals_ascii(item, "text/event-stream")) return true;
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

bool asks_for_events(const http::Exchange& ex) {
  if (accepts_events(ex.request[http::Field::accept])) return true;
  const auto* body = ex.json_body ? ex.json_body->if_object() : nullptr;
  const auto* flag = body ? body->if_contains("stream") : nullptr;
  return flag && flag->is_bool() && flag->as_bool();
}

std::string sse_event(std::string_view event, std::string_view data) {
  std::string out = "event: ";
  out += event;
  out += '\n';
  for (;;) {
    const auto nl = data.find('\n');
    out += "data: ";
    out += data.substr(0, nl);
    out += '\n';
    if (nl == std::string_view::npos) break;
    data.remove_prefix(nl + 1);
  }
  out += '\n';
  return out;
}

EventStream::EventStream(asio::any_io_executor executor) : executor_(executor), timer_(executor) {}

void EventStream::emit(std::string_view event, std::string data) {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    queued_.emplace_back(std::string(event), std::move(data));
  }
  wake();
}

void EventStream::finish() {
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
  }
  wake();
}

// The timer is the pump's only wait; cancelling it on the executor ends the
// wait at once. The pump checks the queue and starts waiting without
// yielding, so a wake posted meanwhile runs after the wait began.
void EventStream::wake() {
  asio::post(executor_, [self = shared_from_this()] { self->timer_.cancel(); });
}

EventStream::Batch EventStream::take() {
  Batch batch;
  std::lock_guard lock(mutex_);
  for (const auto& [event, data] : queued_)
    batch.text += sse_event(event, data);
  queued_.clear();
  batch.done = finished_;
  return batch;
}

asio::awaitable<void> EventStream::pump(http::BodyWriter& writer, std::chrono::milliseconds quiet) {
  for (;;) {
    auto batch = take();
    if (!batch.text.empty()) co_await writer.write(batch.text);
    if (batch.done || writer.cancelled()) co_return;
    timer_.expires_after(quiet);
    auto [ec] = co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    if (writer.cancelled()) co_return;
    if (!ec) {
      const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - started_)
                               .count();
      const boost::json::object progress{{"stage", "running"}, {"elapsed_ms", elapsed}};
      // Named: GCC 12 may destroy a temporary in a co_await expression twice.
      const auto event = sse_event("progress", boost::json::serialize(progress));
      co_await writer.write(event);
    }
  }
}

}  // namespace l402d::gateway
