#pragma once

// POST /api/l402/vision: the body as the public page documents it (image,
// prompt, model), declared once in vision_request_schema(), which both the
// parser and the OpenAPI document use. The image header is checked here
// (format, size, pixel count) so a broken or oversized image is refused
// before any invoice exists.

#include <boost/json/object.hpp>
#include <cstdint>

#include "api/api_error.hpp"
#include "api/schema.hpp"
#include "engines/vision/image_input.hpp"
#include "engines/vision_engine.hpp"
#include "http/message.hpp"
#include "util/expected.hpp"

namespace l402d::api {

inline constexpr std::string_view kVisionModel = "Vision Chat";
// The question asked when the prompt is absent, empty or blank.
inline constexpr std::string_view kDefaultVisionPrompt = "What's in this image?";

const RequestSchema& vision_request_schema();
// {"content": "<answer>"}
const ResultSchema& vision_result_schema();

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

}  // namespace l402d::api
