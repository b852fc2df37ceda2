// The paid services' request bodies (src/api): the body envelope, then the
// music and vision parsers with their schema checks, which run on every
// request before an invoice exists. The vision parser decodes the image, so
// the limits are small to keep each run fast.
#include <boost/beast/http/field.hpp>
#include <cstddef>
#include <cstdint>

#include "api/json_body.hpp"
#include "api/music_request.hpp"
#include "api/vision_request.hpp"
#include "fuzz_input.hpp"

using namespace l402d;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);

  http::Request request;
  request.method(boost::beast::http::verb::post);
  request.target("/api/l402/music");
  request.set(boost::beast::http::field::content_type, "application/json");
  request.body() = std::string(text);
  request.prepare_payload();

  const auto body = api::parse_json_object(request);
  if (!body) return 0;
  (void)api::parse_music_request(*body);

  engines::vision::InputLimits limits;
  limits.max_bytes = 64 * 1024;
  limits.max_pixels = 256 * 256;
  limits.analysis_long_side = 64;
  (void)api::vision_decode_is_costly(*body, limits);
  if (const auto job = api::parse_vision_request(*body, limits)) {
    fuzz::check(static_cast<std::uint64_t>(job->width) * job->height <= limits.max_pixels);
  }
  return 0;
}
