#pragma once

// The music service: an original song from a style prompt and lyrics, sold
// per song; the answer is {"audioUrl": ...} pointing at /media/.

#include <memory>

#include "api/service.hpp"
#include "api/service_context.hpp"
#include "engines/music_engine.hpp"

namespace l402d::api {

Service music_service(std::shared_ptr<engines::MusicEngine> engine, const ServiceContext& context,
                      const ServiceSettings& settings);

}  // namespace l402d::api
