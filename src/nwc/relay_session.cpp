#include "nwc/relay_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "nostr/relay_message.hpp"
#include "util/clock.hpp"

namespace l402d::nwc {

namespace asio = boost::asio;
using std::chrono::seconds;

namespace {
constexpr std::string_view kSubscription = "l402d";
// How far before the last event seen a resubscription starts.
constexpr std::int64_t kResubscribeMargin = 120;
}  // namespace

// Coroutines and posted handlers hold a plain Impl*: they run on the
// session thread while the Impl lives, or are destroyed with its io_context.
struct RelaySession::Impl {
  std::vector<std::string> relays;
  net::WebSocketOptions options;
  std::vector<nostr::Filter> subscription;
  RelayHandlers handlers;

  asio::io_context io{1};
  std::thread thread;
  std::unique_ptr<net::WebSocket> socket;  // session thread only
  std::deque<std::string> outbox;          // session thread only
  // EVENTs written but not yet answered with OK: a write into a connection
  // the relay has just dropped succeeds and is lost, so these go out again
  // after a reconnect (relays drop duplicates by id).
  std::map<nostr::EventId, std::string> unacked;  // session thread only
  bool writing = false;                           // session thread only
  std::int64_t last_seen = 0;                     // session thread only

  mutable std::mutex state_mutex;
  mutable std::condition_variable state_changed;
  bool is_connected = false;

  void set_connected(bool c) {
    {
      std::lock_guard lock(state_mutex);
      is_connected = c;
    }
    state_changed.notify_all();
  }

  std::string subscribe_message() {
    auto filters = subscription;
    if (last_seen > 0) {
      for (auto& f : filters)
        f.since = std::max(f.since.value_or(0), last_seen - kResubscribeMargin);
    }
    return nostr::req_message(kSubscription, filters);
  }

  void send(std::string text) {
    outbox.push_back(std::move(text));
    if (!writing && socket) asio::co_spawn(io, drain(), asio::detached);
  }

  void publish(const nostr::Event& event) {
    auto text = nostr::event_message(event);
    unacked[event.id] = text;
    send(std::move(text));
  }

  asio::awaitable<void> drain() {
    writing = true;
    while (socket && !outbox.empty()) {
      auto text = outbox.front();
      try {
        co_await socket->write(text);
        outbox.pop_front();
      } catch (const std::exception&) {
        break;  // the read loop sees the failure and reconnects; the text stays queued
      }
    }
    writing = false;
  }

  void dispatch(const std::string& text) {
    auto message = nostr::parse_relay_message(text);
    if (!message) return;
    if (auto* ev = std::get_if<nostr::EventMessage>(&*message)) {
      if (ev->subscription_id != kSubscription) return;
      last_seen = std::max(last_seen, ev->event.created_at);
      if (handlers.on_event) handlers.on_event(ev->event);
    } else if (auto* ok = std::get_if<nostr::OkMessage>(&*message)) {
      unacked.erase(ok->event_id);
      if (!ok->accepted && handlers.on_refused) handlers.on_refused(ok->event_id, ok->message);
    } else if (auto* closed = std::get_if<nostr::ClosedMessage>(&*message)) {
      spdlog::warn("nwc: the relay closed our subscription: {}", closed->message);
    } else if (auto* notice = std::get_if<nostr::NoticeMessage>(&*message)) {
      spdlog::info("nwc: relay notice: {}", notice->message);
    }
  }

  asio::awaitable<void> session(const std::string& relay) {
    socket = co_await net::WebSocket::connect(relay, options);
    // The subscription goes first, then what the relay never confirmed,
    // then anything queued meanwhile.
    std::deque<std::string> first{subscribe_message()};
    for (const auto& [id, text] : unacked) {
      if (std::find(outbox.begin(), outbox.end(), text) == outbox.end()) first.push_back(text);
    }
    outbox.insert(outbox.begin(), first.begin(), first.end());
    set_connected(true);
    asio::co_spawn(io, drain(), asio::detached);
    for (;;)
      dispatch(co_await socket->read());
  }

  asio::awaitable<void> run() {
    asio::steady_timer timer(io);
    auto backoff = seconds(1);
    for (std::size_t attempt = 0;; ++attempt) {
      const auto& relay = relays[attempt % relays.size()];
      const auto started = std::chrono::steady_clock::now();
      try {
        co_await session(relay);
      } catch (const std::exception& e) {
        spdlog::warn("nwc: relay {}: {}; reconnecting in {} s", net_origin(relay), e.what(),
                     backoff.count());
      }
      socket.reset();
      set_connected(false);
      if (std::chrono::steady_clock::now() - started > std::chrono::minutes(1))
        backoff = seconds(1);
      timer.expires_after(backoff);
      co_await timer.async_wait(asio::use_awaitable);
      backoff = std::min(backoff * 2, seconds(30));
    }
  }

  // Relay URLs carry no secret, but keep logs to the origin anyway.
  static std::string net_origin(const std::string& url) {
    auto end = url.find('/', url.find("//") == std::string::npos ? 0 : url.find("//") + 2);
    return url.substr(0, end);
  }
};

RelaySession::RelaySession(std::vector<std::string> relays, net::WebSocketOptions options,
                           std::vector<nostr::Filter> subscription, RelayHandlers handlers)
    : impl_(std::make_unique<Impl>()) {
  if (relays.empty()) throw std::invalid_argument("no relay to connect to");
  impl_->relays = std::move(relays);
  impl_->options = std::move(options);
  impl_->subscription = std::move(subscription);
  impl_->handlers = std::move(handlers);
  asio::co_spawn(impl_->io, impl_->run(), asio::detached);
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

RelaySession::~RelaySession() {
  impl_->io.stop();
  impl_->thread.join();
}

void RelaySession::publish(const nostr::Event& event) {
  asio::post(impl_->io, [impl = impl_.get(), event] { impl->publish(event); });
}

bool RelaySession::connected() const {
  std::lock_guard lock(impl_->state_mutex);
  return impl_->is_connected;
}

bool RelaySession::wait_connected(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->state_mutex);
  return impl_->state_changed.wait_for(lock, timeout, [&] { return impl_->is_connected; });
}

}  // namespace l402d::nwc
