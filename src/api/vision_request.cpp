#include "api/vision_request.hpp"

#include "api/json_body.hpp"

namespace l402d::api {

Expected<engines::VisionJob, ApiError> parse_vision_request(
    const http::Request& request, const engines::vision::InputLimits& limits) {
  auto body = parse_json_object(request);
  if (!body) return unexpected(body.error());
  return parse_vision_request(*body, limits);
}

Expected<engines::VisionJob, ApiError> parse_vision_request(
    const boost::json::object& fields, const engines::vision::InputLimits& limits) {
  const auto* body = &fields;
  auto model = required_choice(*body, "model", {kVisionModel}, "unsupported_model");
  if (!model) return unexpected(model.error());
  auto prompt = optional_string(*body, "prompt", 2000);
  if (!prompt) return unexpected(prompt.error());
  const auto* image = body->if_contains("image");
  if (!image || image->is_null()) {
    return unexpected(ApiError{http::Status::bad_request, "missing_field", "image",
                               "'image' is required: base64 or a data URI "
                               "(data:image/png;base64,...)."});
  }
  if (!image->is_string()) {
    return unexpected(ApiError{http::Status::bad_request, "invalid_field_type", "image",
                               "'image' must be a string of base64 or a data URI."});
  }
  auto parsed = engines::vision::parse_image_field(image->as_string(), limits);
  if (!parsed) {
    const auto& e = parsed.error();
    // Every other image error, image_truncated and image_corrupt included, is
    // 400: the bytes sent are not a usable image (docs/vision.md).
    auto status = (e.code == "image_too_large_bytes" || e.code == "image_too_many_pixels")
                      ? http::Status::payload_too_large
                      : http::Status::bad_request;
    return unexpected(ApiError{status, e.code, "image", e.message});
  }
  engines::VisionJob job;
  job.image = std::move(parsed->bytes);
  job.mime_type = std::string(engines::vision::mime_type(parsed->probe.format));
  job.width = parsed->probe.width;
  job.height = parsed->probe.height;
  std::string p = prompt->value_or(std::string(kDefaultVisionPrompt));
  // An empty or blank prompt means "the default question", not an error.
  if (p.find_first_not_of(" \t\r\n") == std::string::npos) p = std::string(kDefaultVisionPrompt);
  job.prompt = std::move(p);
  return job;
}

bool vision_decode_is_costly(const boost::json::object& body,
                             const engines::vision::InputLimits& limits) {
  const auto* image = body.if_contains("image");
  if (!image || !image->is_string()) return false;
  auto probed = engines::vision::probe_image_field(image->as_string(), limits);
  // A refused image costs no decode: the parser answers it inline.
  return probed && probed->probe.pixels() > kInlineDecodePixels;
}

std::shared_ptr<ValidationFilter<engines::VisionJob>> vision_validation_filter(
    const engines::vision::InputLimits& limits, std::shared_ptr<http::WorkerPool> pool) {
  Offload offload;
  offload.pool = std::move(pool);
  offload.costly = [limits](const boost::json::object& body) {
    return vision_decode_is_costly(body, limits);
  };
  return std::make_shared<ValidationFilter<engines::VisionJob>>(
      [limits](const boost::json::object& body) { return parse_vision_request(body, limits); },
      std::move(offload));
}

}  // namespace l402d::api
