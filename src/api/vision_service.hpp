#pragma once

// The vision service: an answer to a question about an image, sold per
// question; the answer is {"content": ...}.

#include <memory>

#include "api/service.hpp"
#include "api/service_context.hpp"
#include "engines/vision/image_input.hpp"
#include "engines/vision_engine.hpp"

namespace l402d::api {

Service vision_service(std::shared_ptr<engines::VisionEngine> engine, const ServiceContext& context,
                       const ServiceSettings& settings, const engines::vision::InputLimits& limits);

}  // namespace l402d::api
