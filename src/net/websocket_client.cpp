#include "net/websocket_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <variant>

#include "net/tls_context.hpp"
#include "net/url_target.hpp"

namespace l402d::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ws = beast::websocket;
using Plain = ws::stream<beast::tcp_stream>;
using Secure = ws::stream<beast::ssl_stream<beast::tcp_stream>>;

struct WebSocket::Impl {
  std::shared_ptr<asio::ssl::context> tls;  // outlives the stream that uses it
  std::variant<std::monostate, Plain, Secure> stream;
  beast::flat_buffer buffer;
  std::string origin;
};

namespace {

[[noreturn]] void fail(const boost::system::error_code& ec, const std::string& origin,
                       const char* stage) {
  const auto kind = ec == beast::error::timeout ? HttpError::Kind::timeout : HttpError::Kind::other;
  throw HttpError(kind, std::string(stage) + " " + origin + ": " + ec.message());
}

template <class Stream>
void configure(Stream& s, const WebSocketOptions& o,
               const std::vector<std::pair<std::string, std::string>>& headers) {
  ws::stream_base::timeout t{};
  t.handshake_timeout = o.connect_timeout;
  t.idle_timeout = o.idle_timeout;
  t.keep_alive_pings = true;
  s.set_option(t);
  s.read_message_max(o.max_message_bytes);
  s.set_option(ws::stream_base::decorator([headers](ws::request_type& req) {
    req.set(beast::http::field::user_agent, "l402d");
    for (const auto& [name, value] : headers)
      req.set(name, value);
  }));
}

}  // namespace

WebSocket::WebSocket(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WebSocket::~WebSocket() = default;

asio::awaitable<std::unique_ptr<WebSocket>> WebSocket::connect(std::string url,
                                                               WebSocketOptions options) {
  auto t = url_target(url);
  if (!t) throw HttpError(HttpError::Kind::other, "not a ws(s) URL");
  auto ex = co_await asio::this_coro::executor;
  auto impl = std::make_unique<Impl>();
  impl->origin = t->origin;
  boost::system::error_code ec;
  asio::ip::tcp::resolver resolver(ex);
  auto endpoints = co_await resolver.async_resolve(t->host, t->port,
                                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) fail(ec, t->origin, "cannot resolve");
  const auto host_header = t->host + ":" + t->port;
  if (t->tls) {
    impl->tls = make_tls_context(options.ca_file, options.pinned_cert_file);
    auto& s = impl->stream.emplace<Secure>(ex, *impl->tls);
    auto& tcp = beast::get_lowest_layer(s);
    tcp.expires_after(options.connect_timeout);
    co_await tcp.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) fail(ec, t->origin, "cannot connect to");
    if (!expect_peer(s.next_layer().native_handle(), t->host))
      throw HttpError(HttpError::Kind::tls, "cannot check the certificate of " + t->origin);
    co_await s.next_layer().async_handshake(asio::ssl::stream_base::client,
                                            asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
      throw HttpError(HttpError::Kind::tls, "TLS with " + t->origin + " failed: " + ec.message());
    tcp.expires_never();  // the websocket's own timeouts take over
    configure(s, options, options.headers);
    co_await s.async_handshake(host_header, t->target,
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) fail(ec, t->origin, "websocket upgrade refused by");
  } else {
    auto& s = impl->stream.emplace<Plain>(ex);
    auto& tcp = beast::get_lowest_layer(s);
    tcp.expires_after(options.connect_timeout);
    co_await tcp.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) fail(ec, t->origin, "cannot connect to");
    tcp.expires_never();
    configure(s, options, options.headers);
    co_await s.async_handshake(host_header, t->target,
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) fail(ec, t->origin, "websocket upgrade refused by");
  }
  co_return std::unique_ptr<WebSocket>(new WebSocket(std::move(impl)));
}

asio::awaitable<std::string> WebSocket::read() {
  boost::system::error_code ec;
  impl_->buffer.clear();
  if (auto* s = std::get_if<Plain>(&impl_->stream)) {
    co_await s->async_read(impl_->buffer, asio::redirect_error(asio::use_awaitable, ec));
  } else {
    co_await std::get<Secure>(impl_->stream)
        .async_read(impl_->buffer, asio::redirect_error(asio::use_awaitable, ec));
  }
  if (ec) fail(ec, impl_->origin, "websocket from");
  co_return beast::buffers_to_string(impl_->buffer.data());
}

asio::awaitable<void> WebSocket::write(std::string text) {
  boost::system::error_code ec;
  if (auto* s = std::get_if<Plain>(&impl_->stream)) {
    s->text(true);
    co_await s->async_write(asio::buffer(text), asio::redirect_error(asio::use_awaitable, ec));
  } else {
    auto& t = std::get<Secure>(impl_->stream);
    t.text(true);
    co_await t.async_write(asio::buffer(text), asio::redirect_error(asio::use_awaitable, ec));
  }
  if (ec) fail(ec, impl_->origin, "websocket to");
}

asio::awaitable<void> WebSocket::close() {
  boost::system::error_code ec;
  if (auto* s = std::get_if<Plain>(&impl_->stream)) {
    co_await s->async_close(ws::close_code::normal, asio::redirect_error(asio::use_awaitable, ec));
  } else if (auto* t = std::get_if<Secure>(&impl_->stream)) {
    co_await t->async_close(ws::close_code::normal, asio::redirect_error(asio::use_awaitable, ec));
  }
}

}  // namespace l402d::net
