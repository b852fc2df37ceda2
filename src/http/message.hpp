#pragma once

// The HTTP message types every layer above the server sees. Beast's types are
// used directly (no wrapper hierarchy); a response is either an in-memory body or
// a file streamed from disk (media downloads), never both.

#include <any>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>

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
  std::variant<StringResponse, FileResponse> message;

  Response() = default;
  Response(StringResponse r) : message(std::move(r)) {}  // NOLINT: implicit on purpose
  Response(FileResponse r) : message(std::move(r)) {}    // NOLINT

  Status status() const;
  unsigned status_code() const { return static_cast<unsigned>(status()); }
  void set(Field field, std::string_view value);
  std::string_view header(Field field) const;
  // The body size as sent (payload bytes), for logs and metrics.
  std::uint64_t body_size() const;
};

// What a handler gets: the parsed request plus facts about the connection.
struct Exchange {
  Request request;
  std::string remote_address;
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
};

// The request target without its query string.
std::string_view target_path(const Request& request);

// A text or JSON response with the common headers set.
StringResponse make_response(const Request& request, Status status, std::string content_type,
                             std::string body);

}  // namespace l402d::http
