#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "http/json_error.hpp"
#include "http/message_framing.hpp"
#include "http/response_head.hpp"
#include "http/socket_body_stream.hpp"
#include "http/stream_sender.hpp"

namespace l402d::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

namespace {

// What stop() reaches of a connection, whatever its stream. Shared so that
// stop() can reach it from another thread; everything in it is touched on the
// connection's own thread only.
struct ConnectionState {
  explicit ConnectionState(asio::any_io_executor ex) : executor(std::move(ex)) {}
  asio::any_io_executor executor;
  std::string remote_address;  // looked up once: a system call per request otherwise
  std::string head;            // the response head, reused: no allocation per response
  // Emitted once by request_stop(). Bound to the wait for the next request
  // and to a streaming producer. The flag covers the moments in between, when
  // nothing is bound: whatever would start waiting next checks it first, and
  // both live on this thread, so a stop is never missed.
  asio::cancellation_signal stop;
  bool stop_requested = false;

  // On the connection's thread (posted there by Server::stop).
  void request_stop() {
    stop_requested = true;
    stop.emit(asio::cancellation_type::terminal);
  }
};

struct PlainConnection : ConnectionState {
  explicit PlainConnection(tcp::socket socket)
      : ConnectionState(socket.get_executor()), stream(std::move(socket)) {}
  beast::tcp_stream stream;
};

struct TlsConnection : ConnectionState {
  TlsConnection(tcp::socket socket, std::shared_ptr<asio::ssl::context> ctx)
      : ConnectionState(socket.get_executor()),
        context(std::move(ctx)),
        stream(std::move(socket), *context) {}
  // The certificate this connection was accepted with, kept alive across a
  // reload; declared before the stream, which uses it until destroyed.
  std::shared_ptr<asio::ssl::context> context;
  TlsStream stream;
};

template <class Conn>
constexpr bool kSecure = std::is_same_v<Conn, TlsConnection>;

// Deadlines live on the TCP layer, under TLS too: they cover every read and
// write the TLS layer makes for one operation.
template <class Stream>
void expires_after(Stream& stream, std::chrono::milliseconds timeout) {
  beast::get_lowest_layer(stream).expires_after(timeout);
}

// Room for a typical request (headers and a small JSON body) in one read;
// Beast starts at 512 bytes and grows, which costs several reads per request.
constexpr std::size_t kInitialReadBuffer = 16 * 1024;

// max_connections bounded by the descriptors this process may open.
std::size_t effective_connection_limit(std::size_t configured) {
  rlimit rl{};
  std::size_t by_descriptors = std::numeric_limits<std::size_t>::max();
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    const auto soft = static_cast<std::size_t>(rl.rlim_cur);
    by_descriptors = soft > 2 * kDescriptorReserve ? soft - kDescriptorReserve : soft / 2;
  }
  if (configured == 0) return by_descriptors;
  if (configured > by_descriptors) {
    spdlog::warn(
        "server.max_connections {} lowered to {}: the process may open {} descriptors "
        "(raise RLIMIT_NOFILE, e.g. LimitNOFILE= in the systemd unit)",
        configured, by_descriptors, rl.rlim_cur);
    return by_descriptors;
  }
  return configured;
}

// At most one warning per this long for a condition that repeats per accept.
constexpr std::chrono::seconds kAcceptWarningInterval{10};

bool is_disconnect(const beast::error_code& ec) {
  return ec == beast_http::error::end_of_stream || ec == asio::error::operation_aborted ||
         ec == beast::error::timeout || ec == asio::error::connection_reset ||
         ec == asio::error::eof || ec == asio::error::broken_pipe ||
         ec == beast_http::error::partial_message || ec == asio::ssl::error::stream_truncated;
}

// A TLS client must not wait for an answer to its close_notify, and neither
// do we: the alert goes out, and the close does not wait for the client's,
// which a stopping server would otherwise wait on for idle clients.
constexpr std::chrono::milliseconds kCloseNotifyTimeout{1000};

using WholeParser = beast_http::request_parser<beast_http::string_body>;
using Deadline = std::chrono::steady_clock::time_point;
using PieceParser = beast_http::request_parser<beast_http::buffer_body>;

// Whether the route takes this request's body as a stream: only a body of a
// declared length that has not already arrived whole with the head (that
// one costs nothing more to hand over in one piece).
bool streams_body(const std::optional<std::uint64_t>& route_limit, const WholeParser& parser,
                  const beast::flat_buffer& buffer) {
  const auto length = parser.content_length();
  return route_limit && length && *length > buffer.size();
}

}  // namespace

// One I/O thread's event loop. The guard keeps run() going while the loop has
// no connection yet.
struct IoLoop {
  IoLoop() : guard(asio::make_work_guard(ioc)) {}
  asio::io_context ioc{1};
  asio::executor_work_guard<asio::io_context::executor_type> guard;
};

struct Server::Impl {
  Impl(Server& server, ServerOptions opts, Handler h, CompletionHook hook)
      : self(server),
        options(std::move(opts)),
        handler(std::move(h)),
        on_complete(std::move(hook)) {
    const int n = std::max(1, options.io_threads);
    for (int i = 0; i < n; ++i)
      loops.push_back(std::make_unique<IoLoop>());
    acceptor.emplace(loops.front()->ioc);
    drained.emplace(loops.front()->ioc);
  }

  Server& self;
  ServerOptions options;
  Handler handler;
  CompletionHook on_complete;
  std::vector<std::unique_ptr<IoLoop>> loops;
  std::optional<tcp::acceptor> acceptor;  // on loops[0]
  // What drain() waits on, cancelled when the last connection leaves; on loops[0].
  std::optional<asio::steady_timer> drained;
  std::size_t next_loop = 0;  // touched by the accept loop only
  std::vector<std::thread> threads;

  std::mutex mutex;  // guards connections and next_id
  std::atomic<bool> stopping{false};
  std::uint64_t next_id = 0;
  std::map<std::uint64_t, std::shared_ptr<ConnectionState>> connections;

  std::mutex tls_mutex;  // guards tls_context
  std::shared_ptr<asio::ssl::context> tls_context;

  std::shared_ptr<asio::ssl::context> current_tls() {
    std::lock_guard lock(tls_mutex);
    return tls_context;
  }
  void install_tls(std::shared_ptr<asio::ssl::context> context) {
    std::lock_guard lock(tls_mutex);
    tls_context = std::move(context);
  }

  asio::awaitable<void> listen();
  template <class Conn>
  void adopt(std::shared_ptr<Conn> conn);
  template <class Conn>
  asio::awaitable<void> serve(std::shared_ptr<Conn> conn);
  asio::awaitable<bool> handshake(TlsConnection& conn);
  asio::awaitable<void> close_tls(TlsConnection& conn);
  template <class Conn>
  asio::awaitable<bool> serve_one(Conn& conn, beast::flat_buffer& buffer, bool first);
  template <class Conn>
  asio::awaitable<beast::error_code> await_first_byte(Conn& conn, beast::flat_buffer& buffer);
  template <class Conn>
  asio::awaitable<beast::error_code> read_body(Conn& conn, beast::flat_buffer& buffer,
                                               WholeParser& parser, Deadline deadline);
  template <class Conn>
  asio::awaitable<bool> respond(Conn& conn, Exchange& exchange);
  asio::awaitable<void> drain();
  void forget(const std::shared_ptr<ConnectionState>& conn);
};

Server::Server(ServerOptions options, Handler handler, CompletionHook on_complete)
    : impl_(std::make_unique<Impl>(*this, std::move(options), std::move(handler),
                                   std::move(on_complete))) {}

Server::~Server() {
  stop();
  wait();
}

void Server::start() {
  auto& im = *impl_;
  if (im.options.tls) im.install_tls(load_tls_context(*im.options.tls));
  beast::error_code ec;
  auto address = asio::ip::make_address(im.options.host, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on '" + im.options.host + "': not an IP address (" +
                             ec.message() + ")");
  }
  tcp::endpoint endpoint{address, im.options.port};
  auto fail = [&](const char* what) {
    throw std::runtime_error(std::string("cannot listen on ") + im.options.host + ":" +
                             std::to_string(im.options.port) + ": " + what + ": " + ec.message());
  };
  auto& acceptor = *im.acceptor;
  if (acceptor.open(endpoint.protocol(), ec)) fail("open");
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec)) fail("SO_REUSEADDR");
  if (acceptor.bind(endpoint, ec)) fail("bind");
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec)) fail("listen");
  bound_port_ = acceptor.local_endpoint().port();
  connection_limit_ = effective_connection_limit(im.options.max_connections);

  asio::co_spawn(im.loops.front()->ioc, im.listen(), asio::detached);
  for (auto& loop : im.loops) {
    im.threads.emplace_back([l = loop.get()] { l->ioc.run(); });
  }
}

bool Server::reload_tls() {
  auto& im = *impl_;
  if (!im.options.tls) return false;
  // Loaded aside first: a file that fails leaves the current context in place.
  im.install_tls(load_tls_context(*im.options.tls));
  return true;
}

void Server::stop() {
  auto& im = *impl_;
  if (im.stopping.exchange(true)) return;
  // Every connection registered from now on sees `stopping` under the lock
  // and closes at once; every one registered before is here.
  std::vector<std::shared_ptr<ConnectionState>> open;
  {
    std::lock_guard lock(im.mutex);
    for (auto& [id, c] : im.connections)
      open.push_back(c);
  }
  asio::post(im.loops.front()->ioc, [&im] {
    beast::error_code ignored;
    im.acceptor->close(ignored);
  });
  for (auto& c : open) {
    asio::post(c->executor, [c] { c->request_stop(); });
  }
  asio::co_spawn(im.loops.front()->ioc, im.drain(), asio::detached);
}

void Server::wait() {
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
}

// Runs on loops[0], as does forget()'s cancel: either the count is already
// zero here, or the wait has begun when the cancel arrives.
asio::awaitable<void> Server::Impl::drain() {
  drained->expires_after(options.shutdown_grace);
  if (self.connections_.load() > 0) co_await drained->async_wait(tuple_awaitable);
  for (auto& loop : loops)
    loop->ioc.stop();
}

void Server::Impl::forget(const std::shared_ptr<ConnectionState>& conn) {
  {
    std::lock_guard lock(mutex);
    for (auto it = connections.begin(); it != connections.end(); ++it) {
      if (it->second == conn) {
        connections.erase(it);
        break;
      }
    }
  }
  // Both sides sequentially consistent: this decrement then load of
  // `stopping`, stop()'s store then drain()'s load of the count. One of
  // them sees the other, so drain() never waits for a connection that left.
  if (--self.connections_ == 0 && stopping.load()) {
    asio::post(loops.front()->ioc, [this] { drained->cancel(); });
  }
}

asio::awaitable<void> Server::Impl::listen() {
  using Clock = std::chrono::steady_clock;
  Clock::time_point last_accept_warning{};
  Clock::time_point last_refusal_warning{};
  std::uint64_t refused_at_last_warning = 0;
  for (;;) {
    auto& loop = *loops[next_loop];
    next_loop = (next_loop + 1) % loops.size();
    auto [ec, socket] = co_await acceptor->async_accept(loop.ioc, tuple_awaitable);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
      // Out of descriptors (EMFILE, ENFILE) and the like: back off briefly
      // instead of spinning, and try again; the pending connection waits in
      // the backlog until a descriptor is free.
      if (const auto now = Clock::now(); now - last_accept_warning >= kAcceptWarningInterval) {
        last_accept_warning = now;
        spdlog::warn("accept failed: {} (retrying every 50 ms)", ec.message());
      }
      asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await t.async_wait(tuple_awaitable);
      continue;
    }
    if (self.connections_.load() >= self.connection_limit_.load()) {
      // Over the cap: closed at once, so the client sees the refusal instead
      // of waiting in the backlog, and the server keeps its descriptors.
      const auto refused = ++self.refused_;
      beast::error_code ignored;
      socket.close(ignored);
      if (const auto now = Clock::now(); now - last_refusal_warning >= kAcceptWarningInterval) {
        last_refusal_warning = now;
        spdlog::warn("{} connection(s) refused: {} open, server.max_connections reached",
                     refused - refused_at_last_warning, self.connection_limit_.load());
        refused_at_last_warning = refused;
      }
      continue;
    }
    // Responses go out in one write each; Nagle's algorithm would only hold
    // back the rare second segment (a large body) until the client ACKs.
    beast::error_code nodelay_ec;
    socket.set_option(tcp::no_delay(true), nodelay_ec);
    if (!options.tls) {
      adopt(std::make_shared<PlainConnection>(std::move(socket)));
    } else {
      adopt(std::make_shared<TlsConnection>(std::move(socket), current_tls()));
    }
  }
}

template <class Conn>
void Server::Impl::adopt(std::shared_ptr<Conn> conn) {
  {
    std::lock_guard lock(mutex);
    if (stopping) return;  // the socket closes with conn
    connections.emplace(next_id++, conn);
  }
  ++self.connections_;
  auto executor = conn->executor;
  asio::co_spawn(executor, serve(std::move(conn)), asio::detached);
}

template <class Conn>
asio::awaitable<void> Server::Impl::serve(std::shared_ptr<Conn> conn) {
  beast::flat_buffer buffer;
  buffer.reserve(kInitialReadBuffer);
  beast::tcp_stream& lowest = beast::get_lowest_layer(conn->stream);
  {
    beast::error_code ec;
    auto remote = lowest.socket().remote_endpoint(ec);
    if (!ec) conn->remote_address = remote.address().to_string();
  }
  bool first = true;
  try {
    bool ready = true;
    if constexpr (kSecure<Conn>) ready = co_await handshake(*conn);
    while (ready && co_await serve_one(*conn, buffer, first))
      first = false;
  } catch (const std::exception& e) {
    spdlog::error("connection error: {}", e.what());
  }
  if constexpr (kSecure<Conn>) co_await close_tls(*conn);
  beast::error_code ignored;
  lowest.socket().shutdown(tcp::socket::shutdown_send, ignored);
  lowest.close();
  forget(conn);
}

// The handshake is bounded like a request's read (a client that connects and
// says nothing) and cut short by stop(). A plain-HTTP client fails it at its
// first bytes and is closed on without an answer: it would not read TLS.
asio::awaitable<bool> Server::Impl::handshake(TlsConnection& conn) {
  if (conn.stop_requested) co_return false;
  expires_after(conn.stream, options.read_timeout);
  auto [ec] = co_await conn.stream.async_handshake(
      asio::ssl::stream_base::server,
      asio::bind_cancellation_slot(conn.stop.slot(), tuple_awaitable));
  if (ec) spdlog::debug("tls handshake with {} failed: {}", conn.remote_address, ec.message());
  co_return !ec;
}

asio::awaitable<void> Server::Impl::close_tls(TlsConnection& conn) {
  // Marking the client's close_notify as received makes the shutdown send
  // ours and finish, instead of waiting for an answer that may never come.
  SSL_set_shutdown(conn.stream.native_handle(), SSL_RECEIVED_SHUTDOWN);
  expires_after(conn.stream, std::min(options.write_timeout, kCloseNotifyTimeout));
  auto [ec] = co_await conn.stream.async_shutdown(tuple_awaitable);
  (void)ec;  // the connection is going either way
}

// Waits, under the idle timeout, for the first byte of a kept-alive
// connection's next request; stop() cuts the wait short. Bytes already
// buffered (a pipelined request) have arrived. An error means close quietly.
template <class Conn>
asio::awaitable<beast::error_code> Server::Impl::await_first_byte(Conn& conn,
                                                                  beast::flat_buffer& buffer) {
  if (buffer.size() > 0) co_return beast::error_code{};
  expires_after(conn.stream, options.idle_timeout);
  auto [ec, n] = co_await conn.stream.async_read_some(
      buffer.prepare(kInitialReadBuffer),
      asio::bind_cancellation_slot(conn.stop.slot(), tuple_awaitable));
  buffer.commit(n);
  co_return ec;
}

// Reads the body after its head into the parser, whole. The body has usually
// arrived with the head: it is parsed from the buffer rather than through
// another asynchronous read, which would complete through the event loop even
// with nothing to read.
template <class Conn>
asio::awaitable<beast::error_code> Server::Impl::read_body(Conn& conn, beast::flat_buffer& buffer,
                                                           WholeParser& parser, Deadline deadline) {
  auto& stream = conn.stream;
  if (beast::iequals(parser.get()[Field::expect], "100-continue")) {
    beast_http::response<beast_http::empty_body> cont{Status::continue_, 11};
    expires_after(stream, options.write_timeout);
    auto [wec, wn] = co_await beast_http::async_write(stream, cont, tuple_awaitable);
    (void)wn;
    if (wec) co_return wec;
  }
  beast::error_code ec;
  if (!parser.is_done() && buffer.size() > 0) {
    buffer.consume(parser.put(buffer.data(), ec));
    if (ec == beast_http::error::need_more) ec = {};
  }
  if (!ec && !parser.is_done()) {
    beast::get_lowest_layer(stream).expires_at(deadline);
    auto [bec, bn] = co_await beast_http::async_read(stream, buffer, parser, tuple_awaitable);
    (void)bn;
    ec = bec;
  }
  co_return ec;
}

// Reads one request, answers it. Returns whether to keep the connection.
template <class Conn>
asio::awaitable<bool> Server::Impl::serve_one(Conn& conn, beast::flat_buffer& buffer, bool first) {
  auto& stream = conn.stream;
  WholeParser parser;
  parser.header_limit(options.header_limit_bytes);
  // The body's limit is the route's, known once the head is read.
  parser.body_limit(boost::none);

  if (conn.stop_requested) co_return false;
  if (!first && co_await await_first_byte(conn, buffer)) co_return false;
  // One deadline for the request's head and whole body, from its first byte
  // (a new connection's first request: from the accept), so that a client
  // dribbling bytes cannot hold the connection longer than read_timeout.
  const Deadline deadline = std::chrono::steady_clock::now() + options.read_timeout;
  beast::get_lowest_layer(stream).expires_at(deadline);
  // stop() cuts this wait short for a new connection's first request: a
  // client that has sent nothing yet has nothing in flight.
  auto [ec, n] = co_await beast_http::async_read_header(
      stream, buffer, parser, asio::bind_cancellation_slot(conn.stop.slot(), tuple_awaitable));
  // Beast checks its header limit piece by piece as bytes arrive, so a head
  // that arrives whole can pass it: the head's own size is checked here.
  if (!ec && n > options.header_limit_bytes) ec = beast_http::error::header_limit;

  Exchange exchange;
  exchange.remote_address = conn.remote_address;
  exchange.secure = kSecure<Conn>;

  auto reject = [&](Status status, std::string_view code,
                    std::string_view message) -> asio::awaitable<bool> {
    Request blank;
    blank.version(11);
    Response res = error_response(blank, status, code, message);
    if (options.decorate_own_errors) options.decorate_own_errors(res);
    res.set(Field::connection, "close");
    std::get<StringResponse>(res.message).keep_alive(false);
    expires_after(stream, options.write_timeout);
    co_await beast_http::async_write(stream, std::get<StringResponse>(res.message),
                                     tuple_awaitable);
    exchange.request =
        parser.is_header_done() ? Request(parser.get().base(), std::string()) : Request{};
    if (on_complete) on_complete(exchange, res);
    co_return false;
  };

  std::uint64_t body_limit = options.body_limit_bytes;
  std::optional<PieceParser> piece_parser;
  std::optional<SocketBodyStream<decltype(conn.stream)>> body_stream;
  if (!ec && parser.is_header_done()) {
    if (auto framing = framing_error(parser.get().base())) {
      co_return co_await reject(framing->status, framing->code, framing->message);
    }
  }
  if (!ec && parser.is_header_done()) {
    // The route is asked (a second routing) only about a body that is not
    // here whole yet or is over the server's own limit: no other may stream.
    const auto length = parser.content_length();
    const bool ask = options.streamed_body_limit && length &&
                     (*length > buffer.size() || *length > options.body_limit_bytes);
    const auto route_limit = ask ? options.streamed_body_limit(parser.get()) : std::nullopt;
    body_limit = route_limit.value_or(options.body_limit_bytes);
    if (length.value_or(0) > body_limit) {
      ec = beast_http::error::body_limit;
    } else if (streams_body(route_limit, parser, buffer)) {
      const bool expects = beast::iequals(parser.get()[Field::expect], "100-continue");
      piece_parser.emplace(std::move(parser));
      body_stream.emplace(stream, buffer, *piece_parser, options.read_timeout, expects);
      exchange.request = Request(piece_parser->get().base(), std::string());
      exchange.body_stream = &*body_stream;
    } else {
      parser.body_limit(body_limit);  // counts down a chunked body
      ec = co_await read_body(conn, buffer, parser, deadline);
    }
  }

  if (ec == beast_http::error::header_limit) {
    co_return co_await reject(
        Status::request_header_fields_too_large, "headers_too_large",
        "The request headers exceed " + std::to_string(options.header_limit_bytes) + " bytes.");
  }
  if (ec == beast_http::error::body_limit) {
    co_return co_await reject(Status::payload_too_large, "body_too_large",
                              "The request body exceeds " + std::to_string(body_limit) + " bytes.");
  }
  if (ec) {
    if (is_disconnect(ec)) co_return false;
    co_return co_await reject(Status::bad_request, "bad_request",
                              "The request is not valid HTTP/1.1: " + ec.message() + ".");
  }

  if (!body_stream) exchange.request = parser.release();
  exchange.started = std::chrono::steady_clock::now();
  co_return co_await respond(conn, exchange);
}

// Runs the handler and writes its response. Returns whether to keep the
// connection: not when a streamed body was left unread in the socket.
template <class Conn>
asio::awaitable<bool> Server::Impl::respond(Conn& conn, Exchange& exchange) {
  auto& stream = conn.stream;
  ++self.in_flight_;
  Response res;
  try {
    res = co_await handler(exchange);
  } catch (const std::exception& e) {
    spdlog::error("unhandled error on {} {}: {}",
                  std::string(beast_http::to_string(exchange.request.method())),
                  std::string(target_path(exchange.request)), e.what());
    res = error_response(exchange.request, Status::internal_server_error, "internal_error",
                         "The server failed to handle this request; it was not charged. "
                         "Try again later.");
  }
  --self.in_flight_;

  const bool body_left = exchange.body_stream && !exchange.body_stream->done();
  const bool keep_alive = exchange.request.keep_alive() && !stopping.load() && !body_left;
  // A HEAD answer is the GET's head alone (RFC 9110 9.3.2): handlers serve
  // HEAD with their GET code, and a body here would be read as the start of
  // the next response on this connection.
  const bool head_only = exchange.request.method() == Verb::head;
  bool keep = false;
  if (auto* s = std::get_if<StringResponse>(&res.message)) {
    s->keep_alive(keep_alive);
    if (!s->has_content_length() && !s->chunked()) s->prepare_payload();
    conn.head.clear();
    append_response_head(*s, conn.head);
    const std::array<asio::const_buffer, 2> wire{
        asio::buffer(conn.head), head_only ? asio::const_buffer() : asio::buffer(s->body())};
    expires_after(stream, options.write_timeout);
    auto [e, w] = co_await asio::async_write(stream, wire, tuple_awaitable);
    (void)w;
    keep = !e && keep_alive;
  } else if (auto* f = std::get_if<FileResponse>(&res.message)) {
    f->keep_alive(keep_alive);
    if (!f->has_content_length() && !f->chunked()) f->prepare_payload();
    expires_after(stream, options.write_timeout);
    auto [e, w] = co_await beast_http::async_write(stream, *f, tuple_awaitable);
    (void)w;
    keep = !e && keep_alive;
  } else {
    const StreamContext context{&stream, conn.head, options.stream_chunk_timeout,
                                conn.stop_requested, conn.stop.slot()};
    keep =
        co_await send_stream(std::get<StreamResponse>(res.message), keep_alive, head_only, context);
  }
  exchange.body_stream = nullptr;  // it lives in serve_one's frame
  if (on_complete) on_complete(exchange, res);
  co_return keep;
}

}  // namespace l402d::http
