#pragma once

// POST /api/l402/vision: the body as the public page documents it.
//   image   string, required: base64 or a data URI; PNG assumed without a
//           prefix, but the bytes decide (PNG, JPEG, WebP, BMP, TIFF)
//   prompt  string, default "What's in this image?" (at most 2000 characters)
//   model   string, required, "Vision Chat"
// The image is checked here (format, size, pixel count, then a full decode) so
// a broken or oversized image is refused before any invoice exists.

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>

#include "api/api_error.hpp"
#include "api/validation_filter.hpp"
#include "engines/vision/image_input.hpp"
#include "engines/vision_engine.hpp"
#include "http/message.hpp"
#include "util/expected.hpp"

namespace l402d::api {

inline constexpr std::string_view kVisionModel = "Vision Chat";
inline constexpr std::string_view kDefaultVisionPrompt = "What's in this image?";

Expected<engines::VisionJob, ApiError> parse_vision_request(
    const http::Request& request, const engines::vision::InputLimits& limits);
// The fields of a body already parsed by parse_json_object.
Expected<engines::VisionJob, ApiError> parse_vision_request(
    const boost::json::object& body, const engines::vision::InputLimits& limits);

// Up to this many pixels (a 512x512 image) the decode in parse_vision_request
// takes about a millisecond and may run on an I/O thread.
inline constexpr std::uint64_t kInlineDecodePixels = 512 * 512;

// True when the body's image header promises more than kInlineDecodePixels:
// a base64 decode and a header probe, no pixel decoded.
bool vision_decode_is_costly(const boost::json::object& body,
                             const engines::vision::InputLimits& limits);

// The route's validation: parse_vision_request, run on `pool` (null: inline)
// for bodies over 256 KiB and for costly decodes.
std::shared_ptr<ValidationFilter<engines::VisionJob>> vision_validation_filter(
    const engines::vision::InputLimits& limits, std::shared_ptr<http::WorkerPool> pool);

}  // namespace l402d::api
