#pragma once

// What lnd's REST proxy (grpc-gateway v2 with protojson, UseProtoNames and
// EmitUnpopulated) puts on the wire: errors as rpcStatus with the gateway's
// code-to-HTTP mapping, 64-bit integers as strings, bytes as base64, streams
// as newline-delimited {"result": ...} objects, and the gateway's own parsing
// of query and path parameters.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lnsim/http_exchange.hpp"
#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::lnsim::grpc {

enum Code : int {
  kOk = 0,
  kCanceled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kFailedPrecondition = 9,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kUnauthenticated = 16,
};

struct Status {
  int code = kUnknown;
  std::string message;
};

unsigned http_status(int code);  // runtime.HTTPStatusFromCode
boost::json::object status_json(const Status& status);

// A unary call's error answer.
Response error_response(const Status& status);
// A server-streaming call that fails before its first message: the status
// code's HTTP status and one {"error": rpcStatus} line.
StreamResponse error_stream(const Status& status);
// One message of a stream: {"result": message}\n.
std::string stream_line(boost::json::object message);
// The headers every answer of the proxy carries.
std::vector<std::pair<std::string, std::string>> headers();
Response ok_response(const boost::json::object& message);
Response ok_response(std::string body);  // already serialized

boost::json::value int64_str(std::int64_t v);
boost::json::value uint64_str(std::uint64_t v);
std::string base64(ByteView bytes);

// runtime.Bytes: standard then URL-safe base64, both padded.
Expected<Bytes, std::string> bytes_param(std::string_view text);

// A request body read the way protojson reads a message: known fields by proto
// or JSON (lowerCamel) name, 64-bit integers as numbers or strings, bytes as
// base64 in either alphabet, padded or not.
class Body {
 public:
  static Expected<Body, Status> parse(std::string_view text,
                                      const std::vector<std::string_view>& fields);

  Expected<std::int64_t, Status> int64(std::string_view field) const;  // 0 when absent
  Expected<std::int32_t, Status> int32(std::string_view field) const;  // 0 when absent
  Expected<bool, Status> boolean(std::string_view field) const;        // false when absent
  Expected<std::string, Status> string(std::string_view field) const;  // "" when absent
  Expected<Bytes, Status> bytes(std::string_view field) const;         // empty when absent
  bool has(std::string_view field) const;

 private:
  const boost::json::value* find(std::string_view field) const;
  boost::json::object object_;
};

// Go's time.Time.String() for a UTC time: "2026-01-02 15:04:05 +0000 UTC".
std::string go_time(std::int64_t unix_seconds);

}  // namespace l402d::lnsim::grpc
