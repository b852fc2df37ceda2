#include "net/async_http_client.hpp"

#include <openssl/bio.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>
#include <map>
#include <mutex>
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

#include "net/request_bytes.hpp"
#include "net/socket_deadline.hpp"
#include "net/tls_context.hpp"
#include "net/url_target.hpp"

namespace l402d::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Socket = asio::ip::tcp::socket;
using Tls = asio::ssl::stream<Socket>;

// One connection, plain or TLS, with the one timer that bounds its I/O. The
// layers are Asio's own (no Beast stream wrappers): a call reads and writes
// through the TLS engine straight onto the socket.
struct Connection {
  explicit Connection(const asio::any_io_executor& ex)
      : stream(std::in_place_index<0>, ex), deadline(ex, [this] { close(); }) {}
  Connection(const asio::any_io_executor& ex, std::shared_ptr<asio::ssl::context> ctx)
      : tls(std::move(ctx)),
        stream(std::in_place_index<1>, ex, *tls),
        deadline(ex, [this] { close(); }) {}

  Socket& socket() {
    return std::visit([](auto& s) -> Socket& { return beast::get_lowest_layer(s); }, stream);
  }
  void close() {
    boost::system::error_code ignored;
    socket().close(ignored);
  }

  std::shared_ptr<asio::ssl::context> tls;  // outlives the stream that uses it
  std::variant<Socket, Tls> stream;
  SocketDeadline deadline;
  beast::flat_buffer buffer;  // bytes read and not yet parsed
};
using ConnectionPtr = std::unique_ptr<Connection>;

// Idle connections of one io_context. An Asio service, so that it is torn
// down with its io_context: a socket must never outlive the context it was
// opened on.
class IdlePool : public asio::execution_context::service {
 public:
  static inline asio::execution_context::id id;
  explicit IdlePool(asio::execution_context& context) : service(context) {}

  ConnectionPtr take(std::uint64_t client, const std::string& origin) {
    std::lock_guard lock(mutex_);
    auto it = idle_.find({client, origin});
    if (it == idle_.end() || it->second.empty()) return nullptr;
    auto c = std::move(it->second.back());
    it->second.pop_back();
    return c;
  }

  void put(std::uint64_t client, const std::string& origin, ConnectionPtr c, std::size_t max) {
    std::lock_guard lock(mutex_);
    auto& list = idle_[{client, origin}];
    if (list.size() < max) list.push_back(std::move(c));
  }

 private:
  void shutdown() override {
    std::lock_guard lock(mutex_);
    idle_.clear();
  }

  std::mutex mutex_;
  std::map<std::pair<std::uint64_t, std::string>, std::vector<ConnectionPtr>> idle_;
};

std::atomic<std::uint64_t> next_client_id{1};

HttpError::Kind kind_of(const boost::system::error_code& ec, const Connection& c) {
  if (c.deadline.expired()) return HttpError::Kind::timeout;
  if (ec.category() == asio::error::get_ssl_category() ||
      ec.category() == asio::ssl::error::get_stream_category())
    return HttpError::Kind::tls;
  return HttpError::Kind::other;
}

[[noreturn]] void fail(const boost::system::error_code& ec, const Connection& c, const UrlTarget& t,
                       const char* stage) {
  const auto kind = kind_of(ec, c);
  throw HttpError(kind, std::string(stage) + " " + t.origin + ": " +
                            (kind == HttpError::Kind::timeout ? "timed out" : ec.message()));
}

template <class Body>
HttpResponse head_of(const bhttp::response<Body>& res) {
  HttpResponse out;
  out.status = static_cast<long>(res.result_int());
  out.headers.reserve(static_cast<std::size_t>(std::distance(res.begin(), res.end())));
  for (const auto& field : res) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    out.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  return out;
}

asio::awaitable<void> handshake(Connection& c, const UrlTarget& t) {
  auto* s = std::get_if<Tls>(&c.stream);
  if (!s) co_return;
  if (!expect_peer(s->native_handle(), t.host))
    throw HttpError(HttpError::Kind::tls, "cannot check the certificate of " + t.origin);
  boost::system::error_code ec;
  co_await s->async_handshake(asio::ssl::stream_base::client,
                              asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    throw HttpError(c.deadline.expired() ? HttpError::Kind::timeout : HttpError::Kind::tls,
                    "TLS with " + t.origin + " failed: " + ec.message());
  }
}

asio::awaitable<ConnectionPtr> connect(const UrlTarget& t, const HttpRequest& r,
                                       const std::shared_ptr<asio::ssl::context>& tls) {
  auto ex = co_await asio::this_coro::executor;
  boost::system::error_code ec;
  asio::ip::tcp::resolver resolver(ex);
  auto endpoints = co_await resolver.async_resolve(t.host, t.port,
                                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec)
    throw HttpError(HttpError::Kind::other, "cannot resolve " + t.origin + ": " + ec.message());
  auto c = t.tls ? std::make_unique<Connection>(ex, tls) : std::make_unique<Connection>(ex);
  c->deadline.expires_after(r.connect_timeout);
  co_await asio::async_connect(c->socket(), endpoints,
                               asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    throw HttpError(c->deadline.expired() ? HttpError::Kind::timeout : HttpError::Kind::connect,
                    "cannot connect to " + t.origin + ": " +
                        (c->deadline.expired() ? "timed out" : ec.message()));
  }
  c->socket().set_option(asio::ip::tcp::no_delay(true), ec);
  co_await handshake(*c, t);
  co_return c;
}

asio::awaitable<void> write(Connection& c, std::string_view bytes, boost::system::error_code& ec) {
  co_await std::visit(
      [&](auto& s) {
        return asio::async_write(s, asio::buffer(bytes),
                                 asio::redirect_error(asio::use_awaitable, ec));
      },
      c.stream);
}

asio::awaitable<std::size_t> read_some(Connection& c, boost::system::error_code& ec) {
  constexpr std::size_t kReadSize = 16 * 1024;
  auto space = c.buffer.prepare(kReadSize);
  const auto n = co_await std::visit(
      [&](auto& s) {
        return s.async_read_some(space, asio::redirect_error(asio::use_awaitable, ec));
      },
      c.stream);
  c.buffer.commit(n);
  co_return n;
}

// Writes the body from its source, piece by piece. The connection's timer is
// off while the source is awaited: the buyer's pace is the source's to bound.
asio::awaitable<void> send_body(Connection& c, const BodySource& body,
                                std::chrono::milliseconds timeout, boost::system::error_code& ec) {
  std::uint64_t sent = 0;
  for (;;) {
    c.deadline.expires_never();
    const auto piece = co_await body.next();
    if (!piece) break;
    if (piece->size() > body.length - sent)
      throw HttpError(HttpError::Kind::other, "a request body longer than its declared length");
    c.deadline.expires_after(timeout);
    co_await write(c, *piece, ec);
    if (ec) co_return;
    sent += piece->size();
  }
  if (sent != body.length)
    throw HttpError(HttpError::Kind::other, "a request body shorter than its declared length");
  c.deadline.expires_after(timeout);
}

// Whether bytes can be read without waiting: records the TLS engine holds
// but has not decrypted yet, or bytes in the kernel's socket buffer.
bool more_waiting(Connection& c) {
  if (auto* s = std::get_if<Tls>(&c.stream)) {
    SSL* ssl = s->native_handle();
    if (SSL_pending(ssl) > 0 || BIO_ctrl_pending(SSL_get_rbio(ssl)) > 0) return true;
  }
  boost::system::error_code ec;
  return c.socket().available(ec) > 0 && !ec;
}

// Feeds the parser from the connection: bytes already buffered first, then
// reads. Returns when the message is done or on an error; with a buffer_body
// parser (a stream) also as soon as the head is complete or body bytes have
// arrived and nothing more can be read without waiting, so that pieces are
// handed on as they come yet a backlog goes in full pieces (need_buffer: the
// caller's buffer is full).
template <class Parser>
asio::awaitable<void> read_into(Connection& c, Parser& p, boost::system::error_code& ec) {
  constexpr bool streamed =
      std::is_same_v<typename Parser::value_type::body_type, bhttp::buffer_body>;
  const bool head_before = p.is_header_done();
  std::size_t room_before = 0;
  if constexpr (streamed) room_before = p.get().body().size;
  const auto progressed = [&] {
    if constexpr (streamed) {
      return p.is_header_done() && (!head_before || p.get().body().size != room_before) &&
             !more_waiting(c);
    }
    return false;
  };
  for (;;) {
    // Everything already buffered is parsed first; only then is the socket
    // asked (an ioctl) whether to wait, so that a short reply that came
    // whole costs no such question.
    while (c.buffer.size() > 0 && !p.is_done()) {
      const auto used = p.put(c.buffer.data(), ec);
      c.buffer.consume(used);
      if (ec == bhttp::error::need_more) {
        ec = {};
        break;
      }
      if (ec) co_return;
      if (used == 0) break;
    }
    if (p.is_done() || progressed()) co_return;
    co_await read_some(c, ec);
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
      // A body that runs to the end of the connection.
      ec = {};
      if (p.got_some() && p.need_eof()) {
        p.put_eof(ec);
      } else {
        ec = bhttp::error::end_of_stream;
      }
      co_return;
    }
    if (ec) co_return;
  }
}

// Whether a failure may be retried on a new connection: a kept-alive
// connection the server closed meanwhile fails before any response byte.
bool stale_connection(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::eof ||
         ec == asio::ssl::error::stream_truncated || ec == asio::error::bad_descriptor;
}

// A backend calls the same few URLs over and over (LND's /v1/invoices for
// every challenge): each I/O thread remembers the last one it parsed.
UrlTarget target_of(const std::string& url) {
  thread_local std::string last_url;
  thread_local UrlTarget last;
  if (url == last_url) return last;
  auto t = url_target(url);
  if (!t) throw HttpError(HttpError::Kind::other, "not an http(s) URL");
  last_url = url;
  last = *t;
  return std::move(*t);
}

IdlePool& idle_pool(const asio::any_io_executor& ex) {
  return asio::use_service<IdlePool>(asio::query(ex, asio::execution::context));
}

// Sends `bytes` on a pooled connection of this loop (or a new one) and reads
// into a fresh parser (made by `parser.emplace()`, then `prepare`d) until it
// returns: the whole answer, or for a stream its head. A kept-alive
// connection the server closed meanwhile is replaced once. The error, if
// any, is left in `ec` with the connection it happened on.
template <class Parser, class Prepare>
asio::awaitable<ConnectionPtr> exchange(std::uint64_t client,
                                        const std::shared_ptr<asio::ssl::context>& tls,
                                        const UrlTarget& t, const HttpRequest& request,
                                        const std::string& bytes, std::optional<Parser>& parser,
                                        Prepare prepare, boost::system::error_code& ec,
                                        const BodySource* upload = nullptr) {
  auto& pool = idle_pool(co_await asio::this_coro::executor);
  for (int attempt = 0;; ++attempt) {
    auto c = upload ? nullptr : pool.take(client, t.origin);
    const bool reused = c != nullptr;
    if (!c) c = co_await connect(t, request, tls);
    c->deadline.expires_after(request.timeout);
    ec = {};
    co_await write(*c, bytes, ec);
    if (upload && !ec) co_await send_body(*c, *upload, request.timeout, ec);
    prepare(parser.emplace());
    if (!ec) co_await read_into(*c, *parser, ec);
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec && !parser->got_some() && reused && attempt == 0 && !c->deadline.expired() &&
        stale_connection(ec))
      continue;
    co_return c;
  }
}

}  // namespace

struct AsyncHttpClient::Impl {
  AsyncHttpClientOptions options;
  std::shared_ptr<asio::ssl::context> tls;
  std::uint64_t id = next_client_id++;
};

AsyncHttpClient::AsyncHttpClient(AsyncHttpClientOptions options) : impl_(std::make_shared<Impl>()) {
  impl_->tls = make_tls_context(options.ca_file, options.pinned_cert_file);
  impl_->options = std::move(options);
}

AsyncHttpClient::~AsyncHttpClient() = default;

asio::awaitable<HttpResponse> AsyncHttpClient::perform(HttpRequest request) {
  auto impl = impl_;  // the client may be destroyed while this call is suspended
  const auto t = target_of(request.url);
  const auto bytes = request_bytes(request, t);
  std::optional<bhttp::response_parser<bhttp::string_body>> parser;
  boost::system::error_code ec;
  auto c = co_await exchange(
      impl->id, impl->tls, t, request, bytes, parser,
      [&](auto& p) { p.body_limit(request.max_response_bytes); }, ec);
  if (ec == bhttp::error::body_limit)
    throw HttpError(HttpError::Kind::too_large, "the answer of " + t.origin + " is too large");
  if (ec) fail(ec, *c, t, parser->is_header_done() ? "reading the answer of" : "no answer from");
  auto res = parser->release();
  auto out = head_of(res);
  out.body = std::move(res.body());
  if (res.keep_alive() && c->buffer.size() == 0) {
    c->deadline.expires_never();
    idle_pool(c->socket().get_executor())
        .put(impl->id, t.origin, std::move(c), impl->options.max_idle_per_loop);
  }
  co_return out;
}

asio::awaitable<HttpResponse> AsyncHttpClient::stream(HttpRequest request, BodySink sink) {
  auto body = co_await open(std::move(request));
  while (auto piece = co_await body->next()) {
    if (!sink(*piece)) break;
  }
  co_return body->head();
}

struct AsyncHttpClient::ResponseStream::State {
  std::shared_ptr<Impl> impl;  // the client may go while the body is read
  UrlTarget target;
  std::chrono::milliseconds idle_timeout;
  ConnectionPtr connection;
  // Made anew for each attempt: a parser cannot be reset.
  std::optional<bhttp::response_parser<bhttp::buffer_body>> parser;
  HttpResponse head;
  std::vector<char> piece = std::vector<char>(16 * 1024);
  bool handed_first = false;  // the bytes that came with the head
};

AsyncHttpClient::ResponseStream::ResponseStream(std::unique_ptr<State> state)
    : state_(std::move(state)) {}

AsyncHttpClient::ResponseStream::~ResponseStream() {
  auto& s = *state_;
  if (!s.connection || !s.parser->is_done() || !s.parser->get().keep_alive() ||
      s.connection->buffer.size() != 0)
    return;
  s.connection->deadline.expires_never();
  auto& pool = idle_pool(s.connection->socket().get_executor());
  pool.put(s.impl->id, s.target.origin, std::move(s.connection), s.impl->options.max_idle_per_loop);
}

const HttpResponse& AsyncHttpClient::ResponseStream::head() const {
  return state_->head;
}

bool AsyncHttpClient::ResponseStream::complete() const {
  return state_->parser->is_done();
}

asio::awaitable<std::optional<std::string_view>> AsyncHttpClient::ResponseStream::next() {
  auto& s = *state_;
  if (!s.handed_first) {
    s.handed_first = true;
    const auto got = s.piece.size() - s.parser->get().body().size;
    if (got > 0) co_return std::string_view(s.piece.data(), got);
  }
  while (!s.parser->is_done()) {
    s.parser->get().body().data = s.piece.data();
    s.parser->get().body().size = s.piece.size();
    s.connection->deadline.expires_after(s.idle_timeout);
    boost::system::error_code ec;
    co_await read_into(*s.connection, *s.parser, ec);
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) fail(ec, *s.connection, s.target, "the body from");
    const auto got = s.piece.size() - s.parser->get().body().size;
    if (got > 0) co_return std::string_view(s.piece.data(), got);
  }
  co_return std::nullopt;
}

asio::awaitable<std::unique_ptr<AsyncHttpClient::ResponseStream>> AsyncHttpClient::open(
    HttpRequest request) {
  co_return co_await open_stream(request, nullptr);
}

asio::awaitable<std::unique_ptr<AsyncHttpClient::ResponseStream>> AsyncHttpClient::open(
    HttpRequest request, BodySource body) {
  co_return co_await open_stream(request, &body);
}

asio::awaitable<std::unique_ptr<AsyncHttpClient::ResponseStream>> AsyncHttpClient::open_stream(
    HttpRequest& request, const BodySource* upload) {
  auto state = std::make_unique<ResponseStream::State>();
  state->impl = impl_;
  state->target = target_of(request.url);
  state->idle_timeout = request.timeout;
  const auto& t = state->target;
  const auto bytes = request_bytes(
      request, t, upload ? std::optional<std::uint64_t>(upload->length) : std::nullopt);
  boost::system::error_code ec;
  auto c = co_await exchange(
      impl_->id, impl_->tls, t, request, bytes, state->parser,
      [&](auto& p) {
        p.body_limit(boost::none);
        // A HEAD answer announces a body it does not carry.
        if (request.method == "HEAD") p.skip(true);
        p.get().body().data = state->piece.data();
        p.get().body().size = state->piece.size();
      },
      ec, upload);
  if (ec || !state->parser->is_header_done()) fail(ec, *c, t, "no answer from");
  state->head = head_of(state->parser->get());
  state->connection = std::move(c);
  co_return std::unique_ptr<ResponseStream>(new ResponseStream(std::move(state)));
}

}  // namespace l402d::net
