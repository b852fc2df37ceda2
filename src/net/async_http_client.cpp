#include "net/async_http_client.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cctype>
#include <map>
#include <mutex>
#include <variant>
#include <vector>

#include "net/tls_context.hpp"
#include "net/url_target.hpp"

namespace l402d::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Tcp = beast::tcp_stream;
using Tls = beast::ssl_stream<Tcp>;
using WireRequest = bhttp::request<bhttp::string_body>;

struct Connection {
  explicit Connection(const asio::any_io_executor& ex) : stream(std::in_place_index<0>, ex) {}
  Connection(const asio::any_io_executor& ex, std::shared_ptr<asio::ssl::context> ctx)
      : stream(std::in_place_index<1>, ex, *ctx), tls(std::move(ctx)) {}

  Tcp& tcp() {
    return std::visit([](auto& s) -> Tcp& { return beast::get_lowest_layer(s); }, stream);
  }

  std::variant<Tcp, Tls> stream;
  std::shared_ptr<asio::ssl::context> tls;  // outlives the stream that uses it
  beast::flat_buffer buffer;
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

HttpError::Kind kind_of(const boost::system::error_code& ec) {
  if (ec == beast::error::timeout) return HttpError::Kind::timeout;
  if (ec.category() == asio::error::get_ssl_category() ||
      ec.category() == asio::ssl::error::get_stream_category())
    return HttpError::Kind::tls;
  return HttpError::Kind::other;
}

[[noreturn]] void fail(const boost::system::error_code& ec, const UrlTarget& t, const char* stage) {
  throw HttpError(kind_of(ec), std::string(stage) + " " + t.origin + ": " + ec.message());
}

WireRequest wire_request(HttpRequest& r, const UrlTarget& t) {
  auto verb = bhttp::string_to_verb(r.method);
  if (verb == bhttp::verb::unknown) throw HttpError(HttpError::Kind::other, "unknown method");
  WireRequest req{verb, t.target, 11};
  const bool default_port = t.port == (t.tls ? "443" : "80");
  req.set(bhttp::field::host, default_port ? t.host : t.host + ":" + t.port);
  req.set(bhttp::field::user_agent, "l402d");
  for (const auto& [name, value] : r.headers)
    req.set(name, value);
  req.body() = std::move(r.body);
  if (!r.body.empty() || verb == bhttp::verb::post || verb == bhttp::verb::put)
    req.prepare_payload();
  return req;
}

template <class Body>
HttpResponse head_of(const bhttp::response<Body>& res) {
  HttpResponse out;
  out.status = static_cast<long>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    out.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  return out;
}

asio::awaitable<ConnectionPtr> connect(const UrlTarget& t, const HttpRequest& r,
                                       const std::shared_ptr<asio::ssl::context>& tls) {
  auto ex = co_await asio::this_coro::executor;
  boost::system::error_code ec;
  asio::ip::tcp::resolver resolver(ex);
  auto endpoints = co_await resolver.async_resolve(t.host, t.port,
                                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) fail(ec, t, "cannot resolve");
  auto c = t.tls ? std::make_unique<Connection>(ex, tls) : std::make_unique<Connection>(ex);
  c->tcp().expires_after(r.connect_timeout);
  co_await c->tcp().async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    throw HttpError(
        ec == beast::error::timeout ? HttpError::Kind::timeout : HttpError::Kind::connect,
        "cannot connect to " + t.origin + ": " + ec.message());
  }
  if (auto* s = std::get_if<Tls>(&c->stream)) {
    if (!expect_peer(s->native_handle(), t.host))
      throw HttpError(HttpError::Kind::tls, "cannot check the certificate of " + t.origin);
    co_await s->async_handshake(asio::ssl::stream_base::client,
                                asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      throw HttpError(ec == beast::error::timeout ? HttpError::Kind::timeout : HttpError::Kind::tls,
                      "TLS with " + t.origin + " failed: " + ec.message());
    }
  }
  co_return c;
}

asio::awaitable<void> write(Connection& c, WireRequest& req, boost::system::error_code& ec) {
  co_await std::visit(
      [&](auto& s) {
        return bhttp::async_write(s, req, asio::redirect_error(asio::use_awaitable, ec));
      },
      c.stream);
}

template <class Parser>
asio::awaitable<void> read_header(Connection& c, Parser& p, boost::system::error_code& ec) {
  co_await std::visit(
      [&](auto& s) {
        return bhttp::async_read_header(s, c.buffer, p,
                                        asio::redirect_error(asio::use_awaitable, ec));
      },
      c.stream);
}

// Reads until the parser is done (the whole message, or what is left of it)
// or, with a buffer_body, until its buffer is full (need_buffer).
template <class Parser>
asio::awaitable<void> read_rest(Connection& c, Parser& p, boost::system::error_code& ec) {
  co_await std::visit(
      [&](auto& s) {
        return bhttp::async_read(s, c.buffer, p, asio::redirect_error(asio::use_awaitable, ec));
      },
      c.stream);
}

// Whether a failure may be retried on a new connection: a kept-alive
// connection the server closed meanwhile fails before any response byte.
bool stale_connection(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::eof ||
         ec == asio::ssl::error::stream_truncated;
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

namespace {

UrlTarget target_of(const std::string& url) {
  auto t = url_target(url);
  if (!t) throw HttpError(HttpError::Kind::other, "not an http(s) URL");
  return std::move(*t);
}

IdlePool& idle_pool(const asio::any_io_executor& ex) {
  return asio::use_service<IdlePool>(asio::query(ex, asio::execution::context));
}

}  // namespace

asio::awaitable<HttpResponse> AsyncHttpClient::perform(HttpRequest request) {
  auto impl = impl_;  // the client may be destroyed while this call is suspended
  const auto t = target_of(request.url);
  auto req = wire_request(request, t);
  auto& pool = idle_pool(co_await asio::this_coro::executor);
  for (int attempt = 0;; ++attempt) {
    auto c = pool.take(impl->id, t.origin);
    const bool reused = c != nullptr;
    if (!c) c = co_await connect(t, request, impl->tls);
    c->tcp().expires_after(request.timeout);
    boost::system::error_code ec;
    co_await write(*c, req, ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(request.max_response_bytes);
    // Head and body in one read: most answers arrive in one segment.
    if (!ec) co_await read_rest(*c, parser, ec);
    if (ec && !parser.got_some() && reused && attempt == 0 && stale_connection(ec)) continue;
    if (ec && !parser.is_header_done() && ec != bhttp::error::body_limit)
      fail(ec, t, "no answer from");
    if (ec == bhttp::error::body_limit)
      throw HttpError(HttpError::Kind::too_large, "the answer of " + t.origin + " is too large");
    if (ec) fail(ec, t, "reading the answer of");
    auto res = parser.release();
    auto out = head_of(res);
    out.body = std::move(res.body());
    if (res.keep_alive()) {
      c->tcp().expires_never();
      pool.put(impl->id, t.origin, std::move(c), impl->options.max_idle_per_loop);
    }
    co_return out;
  }
}

asio::awaitable<HttpResponse> AsyncHttpClient::stream(HttpRequest request, BodySink sink) {
  auto impl = impl_;
  const auto t = target_of(request.url);
  auto req = wire_request(request, t);
  auto c = co_await connect(t, request, impl->tls);
  c->tcp().expires_after(request.timeout);
  boost::system::error_code ec;
  co_await write(*c, req, ec);
  bhttp::response_parser<bhttp::buffer_body> parser;
  parser.body_limit(boost::none);
  if (!ec) co_await read_header(*c, parser, ec);
  if (ec) fail(ec, t, "no answer from");
  auto head = head_of(parser.get());
  char piece[16 * 1024];
  while (!parser.is_done()) {
    parser.get().body().data = piece;
    parser.get().body().size = sizeof piece;
    c->tcp().expires_after(request.timeout);
    co_await read_rest(*c, parser, ec);
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) fail(ec, t, "the stream from");
    const auto got = sizeof piece - parser.get().body().size;
    if (got > 0 && !sink(std::string_view(piece, got))) break;
  }
  co_return head;
}

}  // namespace l402d::net
