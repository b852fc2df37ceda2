#include "app/builtin_services.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "api/music_service.hpp"
#include "api/vision_service.hpp"
#include "engines/lazy_engines.hpp"
#include "engines/music/builtin_engine.hpp"
#include "engines/vision/builtin_engine.hpp"
#include "providers/ffmpeg_transcoder.hpp"
#include "providers/openai_vision.hpp"
#include "providers/replicate_music.hpp"

namespace l402d::app {

namespace {

std::shared_ptr<engines::VisionEngine> vision_engine(const ServiceConfig& s) {
  if (s.engine != Engine::openai) {
    engines::vision::AnalyzerOptions builtin;
    if (!s.model_dir.empty()) builtin.resources.model_dir = s.model_dir;
    // Not fatal (answers say what is missing), but a seller who set model_dir
    // should hear of a wrong folder at start, not from buyers. Checked by
    // file existence: the models themselves load on the first job.
    for (const auto& problem : engines::vision::missing_files(builtin.resources))
      spdlog::warn("{} (services.vision.model_dir: \"{}\")", problem, builtin.resources.model_dir);
    return std::make_shared<engines::LazyVisionEngine>("builtin", [builtin] {
      auto engine = std::make_unique<engines::vision::BuiltinVisionEngine>(builtin);
      spdlog::info("vision engine loaded");
      return engine;
    });
  }
  providers::OpenAiVisionOptions o;
  if (!s.provider.base_url.empty()) o.base_url = s.provider.base_url;
  if (!s.provider.model.empty()) o.model = s.provider.model;
  o.api_key = s.provider.api_key;
  o.max_tokens = s.provider.max_tokens;
  o.temperature = s.provider.temperature;
  o.timeout = std::chrono::seconds(s.timeout_seconds);
  return std::make_shared<providers::OpenAiVision>(o);
}

std::shared_ptr<engines::MusicEngine> music_engine(const ServiceConfig& s) {
  if (s.engine != Engine::replicate) {
    const engines::music::BuiltinMusicOptions options;
    if (!std::filesystem::exists(options.soundfont))
      spdlog::warn("music engine will not load: soundfont {} is missing (fluid-soundfont-gm)",
                   options.soundfont);
    // Loaded on the first job (FluidSynth reads the soundfont's samples).
    return std::make_shared<engines::LazyMusicEngine>("builtin", [options] {
      auto engine = std::make_unique<engines::music::BuiltinMusicEngine>(options);
      spdlog::info("music engine loaded");
      return engine;
    });
  }
  if (s.provider.api_key.empty()) {
    throw ConfigError("services.music.api_key",
                      "the replicate engine needs an API token (or L402D_MUSIC_API_KEY)");
  }
  providers::ReplicateMusicOptions o;
  if (!s.provider.base_url.empty()) o.base_url = s.provider.base_url;
  if (!s.provider.model.empty()) o.model = s.provider.model;
  o.version = s.provider.version;
  o.api_token = s.provider.api_key;
  o.timeout = std::chrono::seconds(s.timeout_seconds);
  return std::make_shared<providers::ReplicateMusic>(
      o, [](const Bytes& in, const engines::MusicJob& job) {
        return providers::transcode_with_ffmpeg(in, job);
      });
}

api::ServiceSettings settings_of(const ServiceConfig& s) {
  return {s.price_sats, s.timeout_seconds};
}

}  // namespace

std::vector<ServiceConfig> builtin_service_defaults() {
  ServiceConfig music{"music", 100, Engine::builtin, {Engine::builtin, Engine::replicate}, 300, {}};
  ServiceConfig vision{"vision", 10, Engine::builtin, {Engine::builtin, Engine::openai}, 120, {}};
  return {music, vision};
}

ServiceFactory builtin_services(const Config& config) {
  std::shared_ptr<engines::MusicEngine> music;
  std::shared_ptr<engines::VisionEngine> vision;
  api::ServiceSettings music_settings, vision_settings;
  if (auto it = config.services.find("music"); it != config.services.end()) {
    music = music_engine(it->second);
    music_settings = settings_of(it->second);
  }
  if (auto it = config.services.find("vision"); it != config.services.end()) {
    vision = vision_engine(it->second);
    vision_settings = settings_of(it->second);
  }
  engines::vision::InputLimits limits;
  limits.max_bytes = config.server.body_limit_bytes;
  return [=](const api::ServiceContext& context) {
    std::vector<api::Service> services;
    if (music) services.push_back(api::music_service(music, context, music_settings));
    if (vision) services.push_back(api::vision_service(vision, context, vision_settings, limits));
    return services;
  };
}

}  // namespace l402d::app
