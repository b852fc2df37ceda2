#pragma once

// The HTTP message types every layer above the server sees. Beast's types are
// used directly (no wrapper hierarchy); a response is an in-memory body, a file
// sent from disk (media downloads) or a body a coroutine produces while it is
// sent (StreamResponse).

#include <any>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "http/body_stream.hpp"
#include "http/stream_response.hpp"
#include "util/bytes.hpp"

namespace boost::json {
class value;
}

namespace l402d::http {

namespace beast_http = boost::beast::http;

using Request = beast_http::request<beast_http::string_body>;
using StringResponse = beast_http::response<beast_http::string_body>;
using FileResponse = beast_http::response<beast_http::file_body>;
using Status = beast_http::status;
using Field = beast_http::field;
using Verb = beast_http::verb;

struct Response {
  std::variant<StringResponse, FileResponse, StreamResponse> message;

  Response() = default;
  Response(StringResponse r) : message(std::move(r)) {}  // NOLINT: implicit on purpose
  Response(FileResponse r) : message(std::move(r)) {}    // NOLINT
  Response(StreamResponse r) : message(std::move(r)) {}  // NOLINT

  Status status() const;
  unsigned status_code() const { return static_cast<unsigned>(status()); }
  void set(Field field, std::string_view value);
  std::string_view header(Field field) const;
  // The status line and fields, whatever the body.
  const beast_http::response_header<>& head() const;
  beast_http::response_header<>& head();
  // The body size as sent (payload bytes), for logs and metrics; for a stream,
  // what has been sent so far.
  std::uint64_t body_size() const;
};

// What a handler gets: the parsed request plus facts about the connection.
struct Exchange {
  Request request;
  std::string remote_address;
  // Arrived over TLS on this server's own port (X-Forwarded-Proto for a proxy).
  bool secure = false;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // Free-form note a filter leaves for the access log (e.g. a token id prefix);
  // it must never carry a secret.
  std::string log_note;
  // What an earlier filter parsed for the handler (e.g. the validated job), so
  // the body is parsed once.
  std::any attachment;
  // The request's L402 binding (l402::request_hash), computed once by the
  // first filter that needs it: hashing means parsing the JSON body.
  std::optional<Hash32> request_hash;
  // The body as parsed JSON, when an earlier filter parsed it (validation).
  std::shared_ptr<const boost::json::value> json_body;
  // Set for a route that takes its body as it arrives (see body_stream.hpp):
  // `request.body()` is then empty and the body is read from here, during
  // the handler or its streamed response. Owned by the server.
  BodyStream* body_stream = nullptr;
  // Set while the answer streams as server-sent events (the client asked for
  // them): the work reports partial output ("delta") and progress through
  // it, from any thread; each call becomes one event. Unset otherwise.
  std::function<void(std::string_view event, std::string data)> events;
};

// The request target without its query string.
std::string_view target_path(const Request& request);

// A text or JSON response with the common headers set.
StringResponse make_response(const Request& request, Status status, std::string content_type,
                             std::string body);

// A streamed response with the common headers set; its body is chunked unless
// the caller sets a Content-Length. For server-sent events: "text/event-stream".
StreamResponse make_stream_response(const Request& request, Status status, std::string content_type,
                                    BodyProducer producer);

}  // namespace l402d::http
