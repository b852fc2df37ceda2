#pragma once

// Serving a file from disk: GET and HEAD, single byte ranges (players and
// download managers seek in audio), validators for caching. Multi-range
// requests are answered with the whole file, which RFC 9110 allows.

#include <filesystem>
#include <string>

#include "http/message.hpp"

namespace l402d::http {

struct FileOptions {
  std::string content_type;
  std::string cache_control = "private, max-age=3600";
  std::string etag;                 // quoted strong validator, e.g. "\"<media id>\""; empty: none
  std::string content_disposition;  // e.g. attachment; filename="song.mp3"
};

// The response for `request` on the file at `path`. A missing file yields a 404
// JSON error; an unsatisfiable range 416 with Content-Range: bytes */size.
Response file_response(const Request& request, const std::filesystem::path& path,
                       const FileOptions& options);

// A parsed "Range: bytes=..." header for a file of `size` bytes. Returns false
// if there is no usable single range (serve the whole file); sets unsatisfiable
// when the range lies wholly outside the file.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};
bool parse_range(std::string_view header, std::uint64_t size, ByteRange& range,
                 bool& unsatisfiable);

}  // namespace l402d::http
