#include "http/file_response.hpp"

#include <charconv>

#include "http/json_error.hpp"
#include "util/text.hpp"

namespace l402d::http {

namespace {

bool to_u64(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string content_range(const ByteRange& r, std::uint64_t size) {
  return "bytes " + std::to_string(r.first) + "-" + std::to_string(r.last) + "/" +
         std::to_string(size);
}

}  // namespace

bool parse_range(std::string_view header, std::uint64_t size, ByteRange& range,
                 bool& unsatisfiable) {
  unsatisfiable = false;
  header = trim_ows(header);
  constexpr std::string_view unit = "bytes=";
  if (header.size() < unit.size()) return false;
  for (std::size_t i = 0; i < unit.size(); ++i) {  // the unit is case-insensitive
    if (std::tolower(static_cast<unsigned char>(header[i])) != unit[i]) return false;
  }
  auto spec = trim_ows(header.substr(unit.size()));
  if (spec.find(',') != std::string_view::npos) return false;  // multi-range: whole file
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return false;
  auto a = trim_ows(spec.substr(0, dash));
  auto b = trim_ows(spec.substr(dash + 1));
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  if (a.empty()) {  // suffix: the last N bytes
    std::uint64_t n = 0;
    if (!to_u64(b, n)) return false;
    if (n == 0 || size == 0) {
      unsatisfiable = true;
      return false;
    }
    first = n >= size ? 0 : size - n;
    last = size - 1;
  } else {
    if (!to_u64(a, first)) return false;
    if (b.empty()) {
      last = size == 0 ? 0 : size - 1;
    } else {
      if (!to_u64(b, last) || last < first) return false;
      if (size > 0 && last >= size) last = size - 1;
    }
    if (first >= size) {
      unsatisfiable = true;
      return false;
    }
  }
  range = {first, last};
  return true;
}

Response file_response(const Request& request, const std::filesystem::path& path,
                       const FileOptions& options) {
  beast_http::file_body::value_type body;
  boost::beast::error_code ec;
  body.open(path.c_str(), boost::beast::file_mode::scan, ec);
  if (ec) {
    return error_response(request, Status::not_found, "media_not_found",
                          "No such file. Media links expire after the retention period.");
  }
  const std::uint64_t size = body.size();

  auto set_common = [&](auto& res) {
    res.set(Field::server, "l402d");
    res.set(Field::content_type, options.content_type);
    res.set(Field::accept_ranges, "bytes");
    res.set(Field::cache_control, options.cache_control);
    if (!options.etag.empty()) res.set(Field::etag, options.etag);
    if (!options.content_disposition.empty()) {
      res.set(Field::content_disposition, options.content_disposition);
    }
    res.keep_alive(request.keep_alive());
  };

  if (!options.etag.empty()) {
    auto inm = request[Field::if_none_match];
    if (!inm.empty() && (inm == options.etag || inm == "*")) {
      StringResponse res{Status::not_modified, request.version()};
      set_common(res);
      res.erase(Field::content_type);
      return res;
    }
  }

  ByteRange range;
  bool unsatisfiable = false;
  bool ranged = false;
  auto range_header = request[Field::range];
  auto if_range = request[Field::if_range];
  bool if_range_ok = if_range.empty() || (!options.etag.empty() && if_range == options.etag);
  if (!range_header.empty() && if_range_ok) {
    ranged = parse_range(range_header, size, range, unsatisfiable);
  }
  if (unsatisfiable) {
    auto res = error_response(
        request, Status::range_not_satisfiable, "range_not_satisfiable",
        "The requested range lies outside the file of " + std::to_string(size) + " bytes.");
    res.set(Field::content_range, "bytes */" + std::to_string(size));
    return res;
  }

  std::uint64_t length = ranged ? range.last - range.first + 1 : size;
  if (request.method() == Verb::head) {
    StringResponse head{ranged ? Status::partial_content : Status::ok, request.version()};
    set_common(head);
    if (ranged) head.set(Field::content_range, content_range(range, size));
    head.content_length(length);
    return head;
  }
  if (ranged) {
    // Beast's file_body always sends the whole file, so a range is read into
    // memory; media files are a few megabytes at most.
    StringResponse res{Status::partial_content, request.version()};
    set_common(res);
    res.set(Field::content_range, content_range(range, size));
    std::string slice(length, '\0');
    body.file().seek(range.first, ec);
    std::size_t got = 0;
    while (!ec && got < length) {
      auto n = body.file().read(slice.data() + got, length - got, ec);
      if (n == 0) break;
      got += n;
    }
    if (ec || got != length) {
      return error_response(request, Status::internal_server_error, "media_read_failed",
                            "The file could not be read; try again.");
    }
    res.body() = std::move(slice);
    res.content_length(length);
    return res;
  }
  FileResponse res{Status::ok, request.version()};
  set_common(res);
  res.body() = std::move(body);
  res.content_length(length);
  return res;
}

}  // namespace l402d::http
