#include "api/vision_request.hpp"

#include "api/json_body.hpp"
#include "api/verified_images.hpp"

namespace l402d::api {

namespace {

ApiError image_error(const engines::vision::ImageError& e) {
  auto status = (e.code == "image_too_large_bytes" || e.code == "image_too_many_pixels")
                    ? http::Status::payload_too_large
                    : http::Status::bad_request;
  return ApiError{status, e.code, "image", e.message};
}

// Decoding the image fully, before any invoice exists, unless the very same
// image passed that check moments ago (verified_images.hpp).
Expected<engines::vision::ImageInput, ApiError> parse_image(
    std::string_view image, const engines::vision::InputLimits& limits) {
  // Checked against this call's limits: the image may have passed under others.
  if (auto known = verified_images().find(image); known && known->pixels() <= limits.max_pixels) {
    auto bytes = engines::vision::decode_image_field(image, limits);
    if (!bytes) return unexpected(image_error(bytes.error()));
    return engines::vision::ImageInput{std::move(*bytes), *known};
  }
  auto parsed = engines::vision::parse_image_field(image, limits);
  if (!parsed) return unexpected(image_error(parsed.error()));
  verified_images().remember(image, parsed->probe);
  return std::move(*parsed);
}

}  // namespace

const RequestSchema& vision_request_schema() {
  static const RequestSchema schema({
      {.name = "image",
       .required = true,
       .description = "Base64-encoded image or data URI (data:image/png;base64,...). Without a "
                      "prefix PNG is assumed; the content decides. PNG, JPEG, WebP, BMP, TIFF.",
       .hint = "base64 or a data URI (data:image/png;base64,...)"},
      {.name = "prompt",
       .default_value = boost::json::value(kDefaultVisionPrompt),
       .blank_means_default = true,
       .max_length = 2000,
       .description = "Question to ask about the image.",
       .example = "What objects are in this image?"},
      {.name = "model",
       .required = true,
       .choices = {kVisionModel},
       .rejection_code = "unsupported_model"},
  });
  return schema;
}

const ResultSchema& vision_result_schema() {
  static const ResultSchema schema({
      {.name = "content",
       .required = true,
       .description = "The answer to the question.",
       .example = "The image shows a cat sitting on a wooden table near a window..."},
  });
  return schema;
}

Expected<engines::VisionJob, ApiError> parse_vision_request(
    const http::Request& request, const engines::vision::InputLimits& limits) {
  auto body = parse_json_object(request);
  if (!body) return unexpected(body.error());
  return parse_vision_request(*body, limits);
}

Expected<engines::VisionJob, ApiError> parse_vision_request(
    const boost::json::object& body, const engines::vision::InputLimits& limits) {
  auto fields = vision_request_schema().validate(body);
  if (!fields) return unexpected(fields.error());
  auto image = parse_image(fields->string("image"), limits);
  if (!image) return unexpected(image.error());
  engines::VisionJob job;
  job.image = std::move(image->bytes);
  job.mime_type = std::string(engines::vision::mime_type(image->probe.format));
  job.width = image->probe.width;
  job.height = image->probe.height;
  job.prompt = std::string(fields->string("prompt"));
  return job;
}

bool vision_decode_is_costly(const boost::json::object& body,
                             const engines::vision::InputLimits& limits) {
  const auto* image = body.if_contains("image");
  if (!image || !image->is_string()) return false;
  if (verified_images().find(image->as_string())) return false;  // no decode to do
  auto probed = engines::vision::probe_image_field(image->as_string(), limits);
  // A refused image costs no decode: the parser answers it inline.
  return probed && probed->probe.pixels() > kInlineDecodePixels;
}

}  // namespace l402d::api
