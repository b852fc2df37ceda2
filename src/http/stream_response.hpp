#pragma once

// A response whose body is produced while it is sent (server-sent events, a
// proxied download, a long computation reporting progress): the handler
// returns the head and a producer coroutine; the server sends the head, then
// runs the producer, which writes the body through a BodyWriter (Seastar's
// reply::write_body in coroutine form). In-memory and file responses do not
// come this way: they keep the one-write fast path.
//
// Framing follows the head: with a Content-Length the body goes raw and must
// have exactly that length; without one it is chunked (HTTP/1.1) or, for an
// HTTP/1.0 client, raw until the connection closes.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <cstdint>
#include <functional>

namespace l402d::http {

class BodyWriter;

// Writes the body. It runs on the connection's thread while the request's
// Exchange is alive, so it may refer to the exchange. Returning ends the body
// (with the last chunk); an exception leaves it unfinished and closes the
// connection, so that a client cannot take a cut-off body for a whole one.
// When the server stops, the producer's own asynchronous waits are cancelled,
// writes throw and writer.cancelled() turns true: a stream of events would
// return then, a download let the exception out.
using BodyProducer = std::function<boost::asio::awaitable<void>(BodyWriter&)>;

struct StreamResponse {
  boost::beast::http::response<boost::beast::http::empty_body> head;
  BodyProducer producer;
  // Body bytes sent, filled in by the server (for the completion hook).
  std::uint64_t bytes_sent = 0;
};

}  // namespace l402d::http
