#pragma once

// Whether a request's head frames its body in the one way RFC 9112 (section
// 6) leaves no doubt about. A request the server and a proxy in front of it
// could read with different lengths is how requests are smuggled, so anything
// else is refused and the connection closed.

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace l402d::http {

struct FramingError {
  Status status;  // 400, or 501 for a transfer coding this server does not decode
  std::string code;
  std::string message;
};

// Transfer-Encoding must be exactly "chunked" (one coding, any letter case)
// on an HTTP/1.1 request without Content-Length; codings before chunked
// (gzip, chunked) are 501; chunked twice, a final coding other than chunked,
// an empty list or Transfer-Encoding on HTTP/1.0 are 400.
std::optional<FramingError> framing_error(
    const boost::beast::http::request_header<boost::beast::http::fields>& head);

}  // namespace l402d::http
