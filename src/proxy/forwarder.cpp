#include "proxy/forwarder.hpp"

#include <string>

#include "http/body_writer.hpp"
#include "util/text.hpp"

namespace l402d::proxy {

using gateway::PaidOutcome;
using net::AsyncHttpClient;
using paywall::WorkFailure;

namespace {

// Fields the client that forwards writes itself, from the body it sends.
bool framed_by_us(std::string_view name) {
  return iequals_ascii(name, "Content-Length") || iequals_ascii(name, "Expect");
}

WorkFailure failure_of(const net::HttpError& e, std::chrono::milliseconds idle) {
  using Kind = net::HttpError::Kind;
  switch (e.kind()) {
    case Kind::timeout:
      return {"upstream_timeout",
              "The upstream service did not answer within " + std::to_string(idle.count() / 1000) +
                  " s.",
              true};
    case Kind::tls:
      return {"upstream_untrusted",
              "The upstream service's TLS certificate is not the one this seller trusts.", false};
    case Kind::connect:
      return {"upstream_unavailable", "The upstream service cannot be reached.", true};
    default:
      return {"upstream_unavailable", "The upstream service broke off the exchange.", true};
  }
}

// The buyer's own upload broke off: nothing reached the upstream whole, so
// nothing is charged; the same request may be sent again.
WorkFailure upload_failure(const http::BodyStreamError& e) {
  const bool timeout = e.kind() == http::BodyStreamError::Kind::timeout;
  return {"upload_incomplete",
          timeout ? "The request body stopped arriving before its end."
                  : "The request body broke off before its end.",
          true};
}

WorkFailure upstream_error(long status) {
  const bool transient = status == 502 || status == 503 || status == 504;
  return {"upstream_error", "The upstream service answered " + std::to_string(status) + ".",
          transient};
}

std::shared_ptr<AsyncHttpClient> client_for(const Upstream& u) {
  net::AsyncHttpClientOptions o;
  o.ca_file = u.ca_file;
  o.pinned_cert_file = u.pinned_cert_file;
  return std::make_shared<AsyncHttpClient>(o);
}

}  // namespace

std::string upstream_url(const Upstream& upstream, std::string_view target) {
  if (!upstream.strip_prefix.empty() &&
      target.substr(0, upstream.strip_prefix.size()) == std::string_view(upstream.strip_prefix)) {
    target.remove_prefix(upstream.strip_prefix.size());
  }
  std::string url = upstream.url;
  const bool has_path = url.find('/', url.find("//") + 2) != std::string::npos;
  if (!target.empty() && target.front() != '/' && target.front() != '?') url += '/';
  if ((target.empty() || target.front() == '?') && !has_path) url += '/';
  url += target;
  return url;
}

Forwarder::Forwarder(Upstream upstream, bool keep_result)
    : upstream_(std::move(upstream)), keep_result_(keep_result), client_(client_for(upstream_)) {}

net::HttpRequest Forwarder::upstream_request(http::Exchange& ex) const {
  HeaderList received;
  received.reserve(16);
  for (const auto& field : ex.request) {
    if (!framed_by_us(field.name_string()))
      received.emplace_back(field.name_string(), field.value());
  }
  const ClientHop hop{ex.remote_address, ex.secure ? "https" : "http",
                      std::string(ex.request[http::Field::host])};
  net::HttpRequest r;
  r.method = std::string(ex.request.method_string());
  r.url = upstream_url(upstream_, ex.request.target());
  r.headers = upstream_request_headers(received, hop, upstream_.headers);
  // A kept result is filed with the request it answers; otherwise the body
  // is not needed here again.
  r.body = keep_result_ ? ex.request.body() : std::move(ex.request.body());
  r.timeout = upstream_.idle_timeout;
  r.connect_timeout = std::min(r.connect_timeout, upstream_.idle_timeout);
  return r;
}

boost::asio::awaitable<PaidOutcome> Forwarder::operator()(http::Exchange& ex) const {
  std::unique_ptr<AsyncHttpClient::ResponseStream> reply;
  // Named, not a temporary in the co_await expression (GCC 12 destroys
  // those twice).
  auto request = upstream_request(ex);
  try {
    if (ex.body_stream) {
      net::BodySource upload{ex.body_stream->length(),
                             [body = ex.body_stream] { return body->next(); }};
      reply = co_await client_->open(std::move(request), std::move(upload));
    } else {
      reply = co_await client_->open(std::move(request));
    }
  } catch (const net::HttpError& e) {
    co_return failure_of(e, upstream_.idle_timeout);
  } catch (const http::BodyStreamError& e) {
    co_return upload_failure(e);
  }
  if (reply->head().status >= 500) co_return upstream_error(reply->head().status);
  if (keep_result_) co_return co_await read_whole(std::move(reply));
  if (reply->complete()) co_return co_await passed_whole(ex, std::move(reply));
  co_return passed(ex, std::move(reply));
}

boost::asio::awaitable<PaidOutcome> Forwarder::read_whole(
    std::unique_ptr<AsyncHttpClient::ResponseStream> reply) const {
  paywall::WorkResult result;
  result.status = static_cast<int>(reply->head().status);
  result.content_type = std::string(reply->head().header("content-type"));
  if (result.content_type.empty()) result.content_type = "application/octet-stream";
  try {
    while (auto piece = co_await reply->next()) {
      if (result.body.size() + piece->size() > upstream_.stored_reply_limit) {
        co_return WorkFailure{"upstream_reply_too_large",
                              "The upstream's reply is longer than this service keeps.", false};
      }
      result.body.append(*piece);
    }
  } catch (const net::HttpError& e) {
    co_return failure_of(e, upstream_.idle_timeout);
  }
  co_return result;
}

// A reply that arrived whole with its head goes out as one write, like any
// in-memory response, rather than as a head and a stream of one piece.
boost::asio::awaitable<PaidOutcome> Forwarder::passed_whole(
    const http::Exchange& ex, std::unique_ptr<AsyncHttpClient::ResponseStream> reply) const {
  http::StringResponse res{static_cast<http::Status>(reply->head().status), ex.request.version()};
  for (const auto& [name, value] : buyer_response_headers(reply->head().headers))
    res.insert(name, value);
  res.keep_alive(ex.request.keep_alive());
  while (auto piece = co_await reply->next())
    res.body().append(*piece);
  // A chunked reply loses its framing (hop-by-hop): say the length instead.
  if (res.find(http::Field::content_length) == res.end()) res.content_length(res.body().size());
  co_return http::Response(std::move(res));
}

http::Response Forwarder::passed(const http::Exchange& ex,
                                 std::unique_ptr<AsyncHttpClient::ResponseStream> reply) const {
  http::StreamResponse res;
  res.head = {static_cast<http::Status>(reply->head().status), ex.request.version()};
  for (const auto& [name, value] : buyer_response_headers(reply->head().headers))
    res.head.insert(name, value);
  res.head.keep_alive(ex.request.keep_alive());
  std::shared_ptr<AsyncHttpClient::ResponseStream> body(std::move(reply));
  res.producer = [body](http::BodyWriter& writer) -> boost::asio::awaitable<void> {
    for (;;) {
      std::optional<std::string_view> piece;
      try {
        piece = co_await body->next();
      } catch (const net::HttpError& e) {
        throw gateway::WorkCutOff(std::string("upstream: ") + e.what());
      }
      if (!piece) co_return;
      co_await writer.write(*piece);
    }
  };
  return res;
}

}  // namespace l402d::proxy
