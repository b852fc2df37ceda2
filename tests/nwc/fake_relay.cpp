#include "nwc/fake_relay.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json.hpp>
#include <deque>
#include <list>
#include <map>
#include <thread>

#include "nostr/event.hpp"
#include "nostr/filter.hpp"
#include "nostr/relay_message.hpp"
#include "util/hex.hpp"

namespace l402d::nwc::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Socket = beast::websocket::stream<beast::tcp_stream>;

namespace {

nostr::Filter filter_from(const json::object& o) {
  nostr::Filter f;
  for (const auto& [key, value] : o) {
    if (!value.is_array() && key != "since" && key != "until" && key != "limit") continue;
    if (key == "kinds") {
      for (const auto& k : value.as_array())
        f.kinds.push_back(static_cast<std::uint16_t>(k.to_number<int>()));
    } else if (key == "authors") {
      for (const auto& a : value.as_array()) {
        if (auto pk = nostr::PublicKey::from_hex(a.as_string())) f.authors.push_back(*pk);
      }
    } else if (key == "ids") {
      for (const auto& i : value.as_array()) {
        if (auto id = from_hex_array<32>(i.as_string())) f.ids.push_back(*id);
      }
    } else if (key == "since") {
      f.since = value.to_number<std::int64_t>();
    } else if (key == "until") {
      f.until = value.to_number<std::int64_t>();
    } else if (key.size() == 2 && key[0] == '#') {
      for (const auto& v : value.as_array())
        f.tags[key[1]].push_back(std::string(v.as_string()));
    }
  }
  return f;
}

}  // namespace

struct FakeRelay::Impl {
  struct Connection {
    explicit Connection(Socket s) : socket(std::move(s)) {}
    Socket socket;
    std::map<std::string, std::vector<nostr::Filter>> subscriptions;
    std::deque<std::string> outbox;
    bool writing = false;
    bool open = true;
  };

  asio::io_context io;
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
  std::thread thread;
  std::list<std::shared_ptr<Connection>> connections;  // io thread only
  std::vector<nostr::Event> stored;                    // io thread only
  std::atomic<std::size_t> received{0};

  void send(const std::shared_ptr<Connection>& c, std::string text) {
    c->outbox.push_back(std::move(text));
    if (!c->writing) asio::co_spawn(io, drain(c), asio::detached);
  }

  asio::awaitable<void> drain(std::shared_ptr<Connection> c) {
    c->writing = true;
    while (c->open && !c->outbox.empty()) {
      auto text = std::move(c->outbox.front());
      c->outbox.pop_front();
      boost::system::error_code ec;
      co_await c->socket.async_write(asio::buffer(text),
                                     asio::redirect_error(asio::use_awaitable, ec));
      if (ec) c->open = false;
    }
    c->writing = false;
  }

  static std::string event_for(const std::string& sub, const nostr::Event& e) {
    return json::serialize(json::array{"EVENT", sub.c_str(), nostr::to_json(e)});
  }

  void on_event(const std::shared_ptr<Connection>& from, const json::value& ev) {
    auto event = nostr::event_from_json(ev);
    if (!event || !nostr::verify(*event)) {
      send(from, json::serialize(json::array{"OK", "", false, "invalid: bad event"}));
      return;
    }
    ++received;
    stored.push_back(*event);
    send(from, json::serialize(json::array{"OK", to_hex(ByteView(event->id)), true, ""}));
    for (auto& c : connections) {
      for (const auto& [sub, filters] : c->subscriptions) {
        for (const auto& f : filters) {
          if (f.matches(*event)) {
            send(c, event_for(sub, *event));
            break;
          }
        }
      }
    }
  }

  void on_req(const std::shared_ptr<Connection>& c, const json::array& m) {
    const std::string sub(m.at(1).as_string());
    std::vector<nostr::Filter> filters;
    for (std::size_t i = 2; i < m.size(); ++i)
      filters.push_back(filter_from(m.at(i).as_object()));
    for (const auto& e : stored) {
      for (const auto& f : filters) {
        if (f.matches(e)) {
          send(c, event_for(sub, e));
          break;
        }
      }
    }
    send(c, json::serialize(json::array{"EOSE", sub.c_str()}));
    c->subscriptions[sub] = std::move(filters);
  }

  void on_message(const std::shared_ptr<Connection>& c, const std::string& text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_array() || v.as_array().empty()) return;
    const auto& m = v.as_array();
    const auto type = m.at(0).as_string();
    if (type == "EVENT" && m.size() == 2) on_event(c, m.at(1));
    if (type == "REQ" && m.size() >= 3) on_req(c, m);
    if (type == "CLOSE" && m.size() == 2) c->subscriptions.erase(std::string(m.at(1).as_string()));
  }

  asio::awaitable<void> serve(std::shared_ptr<Connection> c) {
    boost::system::error_code ec;
    co_await c->socket.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    while (!ec && c->open) {
      beast::flat_buffer buffer;
      co_await c->socket.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) on_message(c, beast::buffers_to_string(buffer.data()));
    }
    c->open = false;
    connections.remove(c);
  }

  asio::awaitable<void> accept() {
    for (;;) {
      auto s = co_await acceptor.async_accept(asio::use_awaitable);
      auto c = std::make_shared<Connection>(Socket(std::move(s)));
      connections.push_back(c);
      asio::co_spawn(io, serve(c), asio::detached);
    }
  }
};

FakeRelay::FakeRelay() : impl_(std::make_unique<Impl>()) {
  asio::co_spawn(impl_->io, impl_->accept(), asio::detached);
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

FakeRelay::~FakeRelay() {
  impl_->io.stop();
  impl_->thread.join();
}

std::string FakeRelay::url() const {
  return "ws://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port());
}

void FakeRelay::drop_connections() {
  asio::post(impl_->io, [impl = impl_.get()] {
    for (auto& c : impl->connections) {
      c->open = false;
      beast::get_lowest_layer(c->socket).close();
    }
  });
}

std::size_t FakeRelay::events_received() const {
  return impl_->received.load();
}

}  // namespace l402d::nwc::testing
