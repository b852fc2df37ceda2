#pragma once

// One HTTP/1.1 request as the bytes that go on the wire: head and body in a
// single buffer, so that over TLS it leaves in one record and one send.

#include <cstdint>
#include <optional>
#include <string>

#include "net/http_types.hpp"
#include "net/url_target.hpp"

namespace l402d::net {

// Adds Host, User-Agent and, for a body or a POST/PUT, Content-Length; the
// request's own headers follow as given. `streamed_length`: the body is sent
// after these bytes, separately, and is that long (request.body is ignored). Throws
// HttpError(other) for a method or header that is not a token, or a header value holding CR, LF or
// NUL: a request is never split on the wire.
std::string request_bytes(const HttpRequest& request, const UrlTarget& target,
                          std::optional<std::uint64_t> streamed_length = std::nullopt);

}  // namespace l402d::net
