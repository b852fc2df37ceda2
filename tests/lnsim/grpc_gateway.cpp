#include "lnsim/grpc_gateway.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <ctime>

#include "util/base64.hpp"

namespace l402d::lnsim::grpc {

namespace json = boost::json;

namespace {
constexpr std::string_view kFixedHeaders =
    "Content-Type: application/json\r\nGrpc-Metadata-Content-Type: application/grpc\r\n";
}  // namespace

unsigned http_status(int code) {
  switch (code) {
    case kOk:
      return 200;
    case kCanceled:
      return 499;
    case kInvalidArgument:
    case kFailedPrecondition:
    case 11:  // OutOfRange
      return 400;
    case 4:  // DeadlineExceeded
      return 504;
    case kNotFound:
      return 404;
    case kAlreadyExists:
    case 10:  // Aborted
      return 409;
    case kPermissionDenied:
      return 403;
    case kUnauthenticated:
      return 401;
    case 8:  // ResourceExhausted
      return 429;
    case kUnimplemented:
      return 501;
    case kUnavailable:
      return 503;
    default:  // Unknown, Internal, DataLoss
      return 500;
  }
}

json::object status_json(const Status& status) {
  json::object o;
  o["code"] = status.code;
  o["message"] = status.message;
  o["details"] = json::array();
  return o;
}

std::vector<std::pair<std::string, std::string>> headers() {
  return {{"Content-Type", "application/json"}, {"Grpc-Metadata-Content-Type", "application/grpc"}};
}

Response error_response(const Status& status) {
  Response r;
  r.status = http_status(status.code);
  r.headers = {{"Content-Type", "application/json"}};
  r.body = json::serialize(status_json(status));
  return r;
}

Response ok_response(const json::object& message) {
  return ok_response(json::serialize(message));
}

Response ok_response(std::string body) {
  Response r;
  r.fixed_headers = kFixedHeaders;
  r.body = std::move(body);
  return r;
}

StreamResponse error_stream(const Status& status) {
  StreamResponse s;
  s.status = http_status(status.code);
  s.headers = {{"Content-Type", "application/json"}};
  json::object line;
  line["error"] = status_json(status);
  s.produce = [text = json::serialize(line) + "\n"](
                  ChunkWriter& w) -> boost::asio::awaitable<void> { co_await w.write(text); };
  return s;
}

std::string stream_line(json::object message) {
  json::object line;
  line["result"] = std::move(message);
  return json::serialize(line) + "\n";
}

json::value int64_str(std::int64_t v) {
  return json::value(std::to_string(v));
}

json::value uint64_str(std::uint64_t v) {
  return json::value(std::to_string(v));
}

std::string base64(ByteView bytes) {
  return base64_encode(bytes);
}

namespace {

int base64_index(char c, bool url) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (url ? '-' : '+')) return 62;
  if (c == (url ? '_' : '/')) return 63;
  return -1;
}

// encoding/base64's padded decoding, with its CorruptInputError offsets.
Expected<Bytes, std::size_t> decode_padded(std::string_view text, bool url) {
  Bytes out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.size() - i < 4) return unexpected(i);
    int q[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      if (c == '=' && k >= 2) {
        ++pad;
        q[k] = 0;
        continue;
      }
      if (pad > 0) return unexpected(i + static_cast<std::size_t>(k));
      q[k] = base64_index(c, url);
      if (q[k] < 0) return unexpected(i + static_cast<std::size_t>(k));
    }
    if (pad > 0 && i + 4 != text.size()) return unexpected(i + 4);
    const unsigned v = static_cast<unsigned>(q[0] << 18 | q[1] << 12 | q[2] << 6 | q[3]);
    out.push_back(static_cast<std::uint8_t>(v >> 16));
    if (pad < 2) out.push_back(static_cast<std::uint8_t>(v >> 8));
    if (pad < 1) out.push_back(static_cast<std::uint8_t>(v));
    i += 4;
  }
  return out;
}

}  // namespace

Expected<Bytes, std::string> bytes_param(std::string_view text) {
  if (auto std_form = decode_padded(text, false)) return *std_form;
  auto url_form = decode_padded(text, true);
  if (url_form) return *url_form;
  return unexpected("illegal base64 data at input byte " + std::to_string(url_form.error()));
}

namespace {

std::string snake_case(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

Status invalid(std::string message) {
  return Status{kInvalidArgument, "proto: " + std::move(message)};
}

}  // namespace

Expected<Body, Status> Body::parse(std::string_view text,
                                   const std::vector<std::string_view>& fields) {
  Body body;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return body;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return unexpected(invalid("syntax error (line 1:1): " + ec.message()));
  if (!v.is_object()) return unexpected(invalid("syntax error (line 1:1): unexpected token"));
  json::object& given = v.as_object();
  bool as_given = true;  // already proto names, no nulls: keep the parsed object
  for (auto& [key, value] : given) {
    const std::string name = snake_case(key);
    bool known = false;
    for (const auto f : fields)
      known = known || f == name;
    if (!known)
      return unexpected(invalid("(line 1:2): unknown field \"" + std::string(key) + "\""));
    as_given = as_given && name == std::string_view(key) && !value.is_null();
  }
  if (as_given) {
    body.object_ = std::move(given);
    return body;
  }
  for (auto& [key, value] : given) {
    if (!value.is_null()) body.object_[snake_case(key)] = std::move(value);
  }
  return body;
}

const json::value* Body::find(std::string_view field) const {
  return object_.if_contains(field);
}

bool Body::has(std::string_view field) const {
  return find(field) != nullptr;
}

Expected<std::int64_t, Status> Body::int64(std::string_view field) const {
  const json::value* v = find(field);
  if (v == nullptr) return std::int64_t{0};
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= INT64_MAX)
    return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_string()) {
    const auto& s = v->as_string();
    std::int64_t out = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return out;
  }
  return unexpected(invalid("(line 1:2): invalid value for int64 field " + std::string(field) +
                            ": " + json::serialize(*v)));
}

Expected<std::int32_t, Status> Body::int32(std::string_view field) const {
  auto v = int64(field);
  if (!v) return unexpected(v.error());
  if (*v < INT32_MIN || *v > INT32_MAX) {
    return unexpected(invalid("(line 1:2): invalid value for int32 field " + std::string(field)));
  }
  return static_cast<std::int32_t>(*v);
}

Expected<bool, Status> Body::boolean(std::string_view field) const {
  const json::value* v = find(field);
  if (v == nullptr) return false;
  if (v->is_bool()) return v->as_bool();
  return unexpected(invalid("(line 1:2): invalid value for bool field " + std::string(field) +
                            ": " + json::serialize(*v)));
}

Expected<std::string, Status> Body::string(std::string_view field) const {
  const json::value* v = find(field);
  if (v == nullptr) return std::string();
  if (v->is_string()) return std::string(v->as_string());
  return unexpected(invalid("(line 1:2): invalid value for string field " + std::string(field) +
                            ": " + json::serialize(*v)));
}

Expected<Bytes, Status> Body::bytes(std::string_view field) const {
  const json::value* v = find(field);
  if (v == nullptr) return Bytes{};
  if (v->is_string()) {
    if (auto b = base64_decode(v->as_string())) return *b;
  }
  return unexpected(invalid("(line 1:2): invalid value for bytes field " + std::string(field) +
                            ": " + json::serialize(*v)));
}

std::string go_time(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S +0000 UTC", &tm);
  return buf;
}

}  // namespace l402d::lnsim::grpc
