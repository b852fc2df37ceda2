#pragma once

// A request body read as it arrives, for a route that takes one (a proxied
// upload): the server reads the head, asks the route (ServerOptions::
// streamed_body_limit) and, instead of buffering the body up to
// body_limit_bytes, leaves it in the socket for the handler to pull piece by
// piece. Memory stays one piece whatever the upload's size.
//
// A handler that answers without reading the body (a 402 before payment) is
// fine: the server then closes the connection after the response, and a
// client that sent "Expect: 100-continue" is never told to send the body at
// all, since "100 Continue" goes out only with the first next().

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace l402d::http {

// The body could not be read to its end: the client went away or stopped
// sending for longer than the server's read timeout.
class BodyStreamError : public std::runtime_error {
 public:
  enum class Kind { cut, timeout };
  BodyStreamError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // The body's declared size (its Content-Length): streamed bodies always
  // have one, so that a limit is enforced before any work starts.
  virtual std::uint64_t length() const = 0;
  // The next piece (valid until the next call), or nullopt once the body has
  // ended. Throws BodyStreamError. Each piece has the server's read timeout.
  virtual boost::asio::awaitable<std::optional<std::string_view>> next() = 0;
  // Whether the body has been read to its end.
  virtual bool done() const = 0;
};

}  // namespace l402d::http
