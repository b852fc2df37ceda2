#include "lnsim/http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace l402d::lnsim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

Response make_response(unsigned status, std::string content_type, std::string body) {
  Response r;
  r.status = status;
  if (!content_type.empty()) r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

std::string_view name_of(Fault fault) {
  switch (fault) {
    case Fault::none:
      return "none";
    case Fault::garbage:
      return "garbage";
    case Fault::hangup:
      return "hangup";
  }
  return "none";
}

std::optional<Fault> fault_from_name(std::string_view name) {
  for (const Fault f : {Fault::none, Fault::garbage, Fault::hangup}) {
    if (name == name_of(f)) return f;
  }
  return std::nullopt;
}

namespace {

using namespace std::chrono_literals;
constexpr auto kHandshakeTimeout = 10s;
constexpr auto kReadTimeout = 30s;
constexpr auto kIdleTimeout = 300s;
constexpr auto kWriteTimeout = 30s;
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr std::uint64_t kBodyLimit = 4 * 1024 * 1024;
constexpr std::size_t kUntimedWriteBytes = 64 * 1024;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What the server can do to any connection: drop it.
struct ConnectionBase {
  virtual ~ConnectionBase() = default;
  virtual void drop() = 0;  // on the connection's executor
  asio::any_io_executor executor;
};

template <class Stream>
struct Connection : ConnectionBase, std::enable_shared_from_this<Connection<Stream>> {
  template <class... Args>
  explicit Connection(Args&&... args) : stream(std::forward<Args>(args)...) {}

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream); }
  tcp::socket& socket() { return tcp().socket(); }

  void drop() override {
    if (stopped) return;
    stopped = true;
    stop.emit(asio::cancellation_type::terminal);
    beast::error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
  }

  // While a handler waits: any readability means the client left (an HTTP/1.1
  // client sends nothing more before its answer), so drop the connection.
  // The generation tells a watch that ended (its cancellation still on the
  // way) from the next request's.
  void watch_peer() {
    if (watching || stopped) return;
    watching = true;
    if (held != nullptr) ++*held;
    const std::uint64_t generation = ++watch_generation;
    socket().async_wait(tcp::socket::wait_read,
                        [self = this->shared_from_this(), generation](const beast::error_code& ec) {
                          if (ec || !self->watching || generation != self->watch_generation) return;
                          self->watching = false;
                          if (self->held != nullptr) --*self->held;
                          self->drop();
                        });
  }
  void stop_watching() {
    if (!watching) return;
    watching = false;
    if (held != nullptr) --*held;
    ++watch_generation;
    beast::error_code ignored;
    socket().cancel(ignored);
  }

  Stream stream;
  asio::cancellation_signal stop;
  bool stopped = false;
  bool watching = false;
  std::atomic<int>* held = nullptr;  // the server's count of waits, streams and WebSockets
  std::uint64_t watch_generation = 0;
  std::string remote_address;
};

// JSON cut off mid-value, then bytes that are not UTF-8, then a newline so
// that line readers (lnd's streams) see one whole bad line rather than wait.
constexpr std::string_view kGarbage = "{\"result\": {\"r_hash\": \"lnsim garbage\xff\xfe\x01\n";
// A WebSocket text frame must be UTF-8 or the client's framing refuses it
// before any JSON parser sees it: only cut off.
constexpr std::string_view kGarbageFrame = "{\"payment\": {\"payment_hash\": \"lnsim garbage";

std::string reason(unsigned status) {
  const auto text = beast_http::obsolete_reason(static_cast<beast_http::status>(status));
  return text == "<unknown-status>" ? std::string() : std::string(text);
}

void append_head(std::string& out, unsigned status, std::string_view fixed_headers,
                 const std::vector<std::pair<std::string, std::string>>& headers) {
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason(status);
  out += "\r\n";
  out += fixed_headers;
  for (const auto& [name, value] : headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
}

std::string wire_response(const Response& r, bool keep_alive) {
  std::string out;
  out.reserve(160 + r.fixed_headers.size() + r.body.size());
  append_head(out, r.status, r.fixed_headers, r.headers);
  out += "Content-Length: ";
  out += std::to_string(r.body.size());
  out += "\r\n";
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  out += r.body;
  return out;
}

template <class Stream>
class StreamChunkWriter final : public ChunkWriter {
 public:
  explicit StreamChunkWriter(Connection<Stream>& conn) : conn_(conn) {}
  asio::awaitable<bool> write(std::string_view chunk) override {
    if (conn_.stopped || chunk.empty()) co_return !conn_.stopped;
    char size[24];
    const int n = std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
    std::string wire;
    wire.reserve(static_cast<std::size_t>(n) + chunk.size() + 2);
    wire.append(size, static_cast<std::size_t>(n));
    wire.append(chunk);
    wire.append("\r\n");
    conn_.tcp().expires_after(kWriteTimeout);
    auto [ec, written] =
        co_await asio::async_write(conn_.stream, asio::buffer(wire), tuple_awaitable);
    (void)written;
    conn_.tcp().expires_never();
    if (ec) {
      conn_.drop();
      co_return false;
    }
    co_return true;
  }

 private:
  Connection<Stream>& conn_;
};

template <class Stream>
class StreamWebSocketSender final : public WebSocketSender {
 public:
  StreamWebSocketSender(websocket::stream<Stream&>& ws, Connection<Stream>& conn)
      : ws_(ws), conn_(conn) {}
  asio::awaitable<bool> send(std::string_view text) override {
    if (conn_.stopped) co_return false;
    ws_.text(true);
    auto [ec, written] = co_await ws_.async_write(asio::buffer(text), tuple_awaitable);
    (void)written;
    if (ec) {
      conn_.drop();
      co_return false;
    }
    co_return true;
  }

 private:
  websocket::stream<Stream&>& ws_;
  Connection<Stream>& conn_;
};

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(IoLoops& l, HttpServerOptions o, Handler h)
      : loops(l), options(std::move(o)), handler(std::move(h)), home(l.first()) {}

  IoLoops& loops;
  const HttpServerOptions options;
  const Handler handler;
  asio::io_context& home;  // the acceptor's loop
  std::optional<tcp::acceptor> acceptor;
  tcp::endpoint endpoint;  // on home, once listening
  std::atomic<std::uint16_t> port{0};
  std::atomic<bool> offline{false};
  std::atomic<Fault> fault{Fault::none};
  std::atomic<int> held{0};
  bool stopped = false;  // on home

  std::mutex mutex;  // guards connections and next_id
  std::uint64_t next_id = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<ConnectionBase>> connections;

  void listen() {
    acceptor.emplace(home);
    beast::error_code ec;
    const auto fail = [&](const char* what) {
      throw std::runtime_error(options.name + ": cannot listen on " + options.host + ":" +
                               std::to_string(endpoint.port()) + ": " + what + ": " + ec.message());
    };
    if (acceptor->open(endpoint.protocol(), ec)) fail("open");
    if (acceptor->set_option(asio::socket_base::reuse_address(true), ec)) fail("SO_REUSEADDR");
    if (acceptor->bind(endpoint, ec)) fail("bind");
    if (acceptor->listen(asio::socket_base::max_listen_connections, ec)) fail("listen");
    endpoint = acceptor->local_endpoint();
    port = endpoint.port();
    asio::co_spawn(home, accept_loop(shared_from_this()), asio::detached);
  }

  void drop_all() {
    std::vector<std::shared_ptr<ConnectionBase>> open;
    {
      std::lock_guard lock(mutex);
      for (auto& [id, weak] : connections) {
        if (auto c = weak.lock()) open.push_back(std::move(c));
      }
    }
    for (auto& c : open)
      asio::post(c->executor, [c] { c->drop(); });
  }

  // On home.
  void apply_offline(bool off) {
    if (stopped || off == offline.load()) return;
    offline = off;
    if (off) {
      beast::error_code ignored;
      acceptor->close(ignored);
      acceptor.reset();
      drop_all();
      spdlog::info("{}: offline", options.name);
    } else {
      listen();
      spdlog::info("{}: online again on port {}", options.name, endpoint.port());
    }
  }

  // On home.
  void apply_fault(Fault f) {
    const Fault before = fault.exchange(f);
    if (f == before) return;
    if (f != Fault::none) drop_all();
    spdlog::info("{}: fault {}", options.name, name_of(f));
  }

  void apply_stop() {
    if (stopped) return;
    stopped = true;
    if (acceptor) {
      beast::error_code ignored;
      acceptor->close(ignored);
      acceptor.reset();
    }
    drop_all();
  }

  static asio::awaitable<void> accept_loop(std::shared_ptr<Impl> self) {
    for (;;) {
      if (!self->acceptor) co_return;
      auto& target = self->loops.next();
      auto [ec, socket] = co_await self->acceptor->async_accept(target, tuple_awaitable);
      if (ec == asio::error::operation_aborted) co_return;  // closed: offline or stop
      if (ec) {
        spdlog::warn("{}: accept failed: {}", self->options.name, ec.message());
        asio::steady_timer t(self->home, 50ms);
        co_await t.async_wait(tuple_awaitable);
        continue;
      }
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      if (self->options.tls) {
        auto conn = std::make_shared<Connection<TlsStream>>(std::move(socket), *self->options.tls);
        self->adopt(conn);
      } else {
        auto conn = std::make_shared<Connection<PlainStream>>(std::move(socket));
        self->adopt(conn);
      }
    }
  }

  template <class Stream>
  void adopt(const std::shared_ptr<Connection<Stream>>& conn) {
    conn->executor = conn->tcp().get_executor();
    conn->held = &held;
    beast::error_code ec;
    auto remote = conn->socket().remote_endpoint(ec);
    if (!ec) conn->remote_address = remote.address().to_string();
    std::uint64_t id = 0;
    {
      std::lock_guard lock(mutex);
      id = next_id++;
      connections.emplace(id, conn);
    }
    asio::co_spawn(conn->executor, session(shared_from_this(), conn, id), asio::detached);
  }

  void forget(std::uint64_t id) {
    std::lock_guard lock(mutex);
    connections.erase(id);
  }

  template <class Stream>
  static asio::awaitable<void> session(std::shared_ptr<Impl> self,
                                       std::shared_ptr<Connection<Stream>> conn, std::uint64_t id) {
    try {
      co_await self->serve(*conn);
    } catch (const std::exception& e) {
      spdlog::error("{}: connection error: {}", self->options.name, e.what());
    }
    conn->stop_watching();
    conn->drop();
    self->forget(id);
  }

  template <class Stream>
  asio::awaitable<void> serve(Connection<Stream>& conn) {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      conn.tcp().expires_after(kHandshakeTimeout);
      auto [ec] =
          co_await conn.stream.async_handshake(asio::ssl::stream_base::server, tuple_awaitable);
      if (ec) co_return;
    }
    beast::flat_buffer buffer;
    bool first = true;
    while (!conn.stopped) {
      beast_http::request_parser<beast_http::string_body> parser;
      parser.header_limit(kHeaderLimit);
      parser.body_limit(kBodyLimit);
      conn.tcp().expires_after(first ? kReadTimeout : kIdleTimeout);
      first = false;
      auto [ec, n] = co_await beast_http::async_read(conn.stream, buffer, parser, tuple_awaitable);
      (void)n;
      if (conn.stopped) co_return;
      if (ec) {
        if (ec == beast_http::error::end_of_stream || ec == asio::error::eof ||
            ec == beast::error::timeout || ec == asio::error::connection_reset ||
            ec == asio::error::operation_aborted) {
          co_return;
        }
        const Response bad = make_response(400, "text/plain; charset=utf-8", "400 Bad Request");
        co_await write_whole(conn, bad, false);
        co_return;
      }
      conn.tcp().expires_never();
      Request request = parser.release();
      if (!co_await answer(conn, request)) co_return;
    }
  }

  // Runs the handler and writes its reply. Returns whether to keep the connection.
  template <class Stream>
  asio::awaitable<bool> answer(Connection<Stream>& conn, Request& request) {
    const Fault f = fault.load();
    if (f == Fault::hangup) {
      conn.drop();
      co_return false;
    }
    if (f == Fault::garbage) co_return co_await answer_garbage(conn, request);
    CallContext ctx;
    ctx.executor = conn.executor;
    ctx.stop = conn.stop.slot();
    ctx.stopped = &conn.stopped;
    ctx.remote_address = conn.remote_address;
    ctx.watch_peer = [&conn] { conn.watch_peer(); };
    Reply reply;
    try {
      reply = co_await handler(request, ctx);
    } catch (const std::exception& e) {
      spdlog::error("{}: handler failed on {}: {}", options.name, std::string(request.target()),
                    e.what());
      reply = make_response(500, "text/plain; charset=utf-8", "internal error");
    }
    if (conn.stop.slot().has_handler()) conn.stop.slot().clear();
    conn.stop_watching();
    if (conn.stopped || !co_await delay(conn)) co_return false;

    const bool keep_alive = request.keep_alive();
    if (auto* whole = std::get_if<Response>(&reply)) {
      co_return co_await write_whole(conn, *whole, keep_alive) && keep_alive;
    }
    if (auto* stream = std::get_if<StreamResponse>(&reply)) {
      co_return co_await write_stream(conn, *stream) && keep_alive;
    }
    co_await run_websocket(conn, request, std::get<WebSocketSession>(reply));
    co_return false;
  }

  // The handler does not run: a long poll (CLN's waitinvoice) would otherwise
  // hold the garbage back until the invoice settles.
  template <class Stream>
  asio::awaitable<bool> answer_garbage(Connection<Stream>& conn, Request& request) {
    if (!co_await delay(conn)) co_return false;
    if (websocket::is_upgrade(request)) {
      WebSocketSession session;
      session.run = [](WebSocketSender& sender) -> asio::awaitable<void> {
        co_await sender.send(kGarbageFrame);
      };
      co_await run_websocket(conn, request, session, false);
      co_return false;
    }
    const bool keep_alive = request.keep_alive();
    const Response bad = make_response(200, "application/json", std::string(kGarbage));
    co_return co_await write_whole(conn, bad, keep_alive) && keep_alive;
  }

  // --latency-ms, read per answer: /control/latency takes effect at once.
  template <class Stream>
  asio::awaitable<bool> delay(Connection<Stream>& conn) {
    const int ms = options.latency_ms ? options.latency_ms->load(std::memory_order_relaxed) : 0;
    if (ms <= 0) co_return true;
    asio::steady_timer timer(conn.executor, std::chrono::milliseconds(ms));
    co_await timer.async_wait(asio::bind_cancellation_slot(conn.stop.slot(), tuple_awaitable));
    if (conn.stop.slot().has_handler()) conn.stop.slot().clear();
    co_return !conn.stopped;
  }

  template <class Stream>
  asio::awaitable<bool> write_whole(Connection<Stream>& conn, const Response& r, bool keep_alive) {
    const std::string wire = wire_response(r, keep_alive);
    // A small answer fits the socket buffer and completes at once; arming a
    // timer for it would cost more than the write.
    const bool timed = wire.size() > kUntimedWriteBytes;
    if (timed) conn.tcp().expires_after(kWriteTimeout);
    auto [ec, written] =
        co_await asio::async_write(conn.stream, asio::buffer(wire), tuple_awaitable);
    (void)written;
    if (timed) conn.tcp().expires_never();
    co_return !ec;
  }

  template <class Stream>
  asio::awaitable<bool> write_stream(Connection<Stream>& conn, StreamResponse& s) {
    std::string head;
    append_head(head, s.status, {}, s.headers);
    head += "Transfer-Encoding: chunked\r\n\r\n";
    conn.tcp().expires_after(kWriteTimeout);
    auto [ec, written] =
        co_await asio::async_write(conn.stream, asio::buffer(head), tuple_awaitable);
    (void)written;
    conn.tcp().expires_never();
    if (ec) co_return false;
    StreamChunkWriter<Stream> writer(conn);
    conn.watch_peer();
    co_await s.produce(writer);
    if (conn.stop.slot().has_handler()) conn.stop.slot().clear();
    conn.stop_watching();
    if (conn.stopped) co_return false;
    static constexpr std::string_view kLastChunk = "0\r\n\r\n";
    conn.tcp().expires_after(kWriteTimeout);
    auto [ec2, written2] =
        co_await asio::async_write(conn.stream, asio::buffer(kLastChunk), tuple_awaitable);
    (void)written2;
    conn.tcp().expires_never();
    co_return !ec2;
  }

  template <class Stream>
  // `holds`: whether the session counts as a held connection; a garbage one
  // ends at once and is no notification channel that a test could wait for.
  asio::awaitable<void> run_websocket(Connection<Stream>& conn, Request& request,
                                      WebSocketSession& session, bool holds = true) {
    if (!websocket::is_upgrade(request)) {
      const Response refusal =
          make_response(400, "text/plain; charset=utf-8", "Expected a WebSocket upgrade");
      co_await write_whole(conn, refusal, false);
      co_return;
    }
    auto ws = std::make_shared<websocket::stream<Stream&>>(conn.stream);
    ws->set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    conn.tcp().expires_never();
    auto [ec] = co_await ws->async_accept(request, tuple_awaitable);
    if (ec) co_return;
    // The reader answers pings and notices the client leaving.
    auto conn_ptr = conn.shared_from_this();
    asio::co_spawn(
        conn.executor,
        [ws, conn_ptr]() -> asio::awaitable<void> {
          beast::flat_buffer frames;
          for (;;) {
            auto [rec, rn] = co_await ws->async_read(frames, tuple_awaitable);
            (void)rn;
            if (rec) break;
            frames.clear();
          }
          conn_ptr->drop();
        },
        asio::detached);
    StreamWebSocketSender<Stream> sender(*ws, conn);
    {
      // Counted until the session ends, by a throw too.
      struct Held {
        explicit Held(std::atomic<int>* c) : count(c) {
          if (count != nullptr) ++*count;
        }
        ~Held() {
          if (count != nullptr) --*count;
        }
        Held(const Held&) = delete;
        Held& operator=(const Held&) = delete;
        std::atomic<int>* count;
      } counted(holds ? &held : nullptr);
      co_await session.run(sender);
    }
    if (conn.stop.slot().has_handler()) conn.stop.slot().clear();
    if (!conn.stopped) {
      auto [cec] = co_await ws->async_close(websocket::close_code::normal, tuple_awaitable);
      (void)cec;
    }
  }
};

HttpServer::HttpServer(IoLoops& loops, HttpServerOptions options, Handler handler)
    : impl_(std::make_shared<Impl>(loops, std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() = default;

void HttpServer::start() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) throw std::runtime_error("not an IP address: " + impl_->options.host);
  impl_->endpoint = tcp::endpoint(address, 0);
  // Before the I/O threads run, or from a thread that is not home: run it there.
  auto self = impl_;
  asio::co_spawn(
      impl_->home,
      [self]() -> asio::awaitable<void> {
        self->listen();
        co_return;
      },
      asio::use_future)
      .get();
}

std::uint16_t HttpServer::port() const {
  return impl_->port.load();
}

asio::awaitable<void> HttpServer::set_offline(bool offline) {
  // Named, not a temporary in the co_await: GCC 12 destroys a capturing
  // lambda written inside a co_await expression twice (a double free here).
  auto apply = [self = impl_, offline]() -> asio::awaitable<void> {
    self->apply_offline(offline);
    co_return;
  };
  co_await asio::co_spawn(impl_->home, std::move(apply), asio::use_awaitable);
}

void HttpServer::set_offline_blocking(bool offline) {
  auto self = impl_;
  asio::co_spawn(
      impl_->home,
      [self, offline]() -> asio::awaitable<void> {
        self->apply_offline(offline);
        co_return;
      },
      asio::use_future)
      .get();
}

bool HttpServer::offline() const {
  return impl_->offline.load();
}

asio::awaitable<void> HttpServer::set_fault(Fault fault) {
  // Named for GCC 12, as in set_offline.
  auto apply = [self = impl_, fault]() -> asio::awaitable<void> {
    self->apply_fault(fault);
    co_return;
  };
  co_await asio::co_spawn(impl_->home, std::move(apply), asio::use_awaitable);
}

Fault HttpServer::fault() const {
  return impl_->fault.load();
}

int HttpServer::held() const {
  return impl_->held.load();
}

void HttpServer::stop() {
  auto self = impl_;
  asio::co_spawn(
      impl_->home,
      [self]() -> asio::awaitable<void> {
        self->apply_stop();
        co_return;
      },
      asio::use_future)
      .get();
}

}  // namespace l402d::lnsim
