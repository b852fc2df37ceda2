#pragma once

// Engines that build the real one on its first job, so that models, the
// soundfont and OCR data cost no memory or start-up time in a server that has
// not run a job (or serves only proxied APIs). Thread-safe: concurrent first
// jobs build it once (util::Lazy). When building fails, the job fails with
// EngineError "engine_unavailable" (retryable: the token stays redeemable) and
// the next job tries again.

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "engines/music_engine.hpp"
#include "engines/vision_engine.hpp"
#include "util/lazy.hpp"

namespace l402d::engines {

namespace detail {

template <class Engine>
Engine& load_engine(util::Lazy<Engine>& lazy, const std::string& service) {
  try {
    return lazy.get();
  } catch (const EngineError&) {
    throw;
  } catch (const std::exception& e) {
    throw EngineError("engine_unavailable",
                      "the " + service + " engine could not load: " + e.what(), true);
  }
}

}  // namespace detail

class LazyMusicEngine final : public MusicEngine {
 public:
  LazyMusicEngine(std::string name, std::function<std::unique_ptr<MusicEngine>()> make)
      : name_(std::move(name)), engine_(std::move(make)) {}
  std::string name() const override { return name_; }
  MusicResult compose(const MusicJob& job) override { return load().compose(job); }
  MusicResult compose(const MusicJob& job, const ProgressSink& progress) override {
    return load().compose(job, progress);
  }
  bool loaded() const { return engine_.loaded(); }

 private:
  MusicEngine& load() { return detail::load_engine(engine_, "music"); }
  std::string name_;
  util::Lazy<MusicEngine> engine_;
};

class LazyVisionEngine final : public VisionEngine {
 public:
  LazyVisionEngine(std::string name, std::function<std::unique_ptr<VisionEngine>()> make)
      : name_(std::move(name)), engine_(std::move(make)) {}
  std::string name() const override { return name_; }
  VisionResult answer(const VisionJob& job) override { return load().answer(job); }
  VisionResult answer_streaming(const VisionJob& job, const TextSink& sink) override {
    return load().answer_streaming(job, sink);
  }
  bool loaded() const { return engine_.loaded(); }

 private:
  VisionEngine& load() { return detail::load_engine(engine_, "vision"); }
  std::string name_;
  util::Lazy<VisionEngine> engine_;
};

}  // namespace l402d::engines
