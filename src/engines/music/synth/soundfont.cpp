#include "engines/music/synth/soundfont.hpp"

#include <fluidsynth.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace l402d::engines::music {

// One loaded copy of the soundfont. `host` owns it (FluidSynth frees a
// soundfont with the synth that loaded it) and never plays; each render plays
// it on a synth of its own.
struct Soundfont::Lease::Instance {
  fluid_settings_t* settings = nullptr;
  fluid_synth_t* host = nullptr;
  fluid_sfont_t* sfont = nullptr;
  ~Instance() {
    if (host != nullptr) delete_fluid_synth(host);
    if (settings != nullptr) delete_fluid_settings(settings);
  }
};

namespace {

// FluidSynth logs to stderr by default; a server wants only real errors.
void quiet_logging() {
  static std::once_flag once;
  std::call_once(once, [] {
    fluid_set_log_function(FLUID_WARN, nullptr, nullptr);
    fluid_set_log_function(FLUID_INFO, nullptr, nullptr);
    fluid_set_log_function(FLUID_DBG, nullptr, nullptr);
  });
}

}  // namespace

Soundfont::Soundfont(std::string path) : path_(std::move(path)) {}

Soundfont::~Soundfont() = default;

std::shared_ptr<Soundfont> Soundfont::open(const std::string& path) {
  quiet_logging();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw std::runtime_error("soundfont not found: " + path +
                             " (install fluid-soundfont-gm or configure another path)");
  }
  std::shared_ptr<Soundfont> font(new Soundfont(path));
  font->idle_.push_back(font->create_instance());
  return font;
}

std::shared_ptr<Soundfont> Soundfont::shared(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<Soundfont>> fonts;
  std::lock_guard lock(mutex);
  auto& font = fonts[path];
  if (!font) {
    try {
      font = open(path);
    } catch (...) {
      fonts.erase(path);
      throw;
    }
  }
  return font;
}

Soundfont::Instance* Soundfont::create_instance() {
  const auto started = std::chrono::steady_clock::now();
  auto instance = std::make_unique<Instance>();
  instance->settings = new_fluid_settings();
  if (instance->settings == nullptr) throw std::runtime_error("fluidsynth: out of memory");
  fluid_settings_t* s = instance->settings;
  fluid_settings_setnum(s, "synth.sample-rate", kSampleRate);
  // Samples are read from the file when a preset is first used, so a synth
  // costs ~40 MB instead of ~170 MB and loads 4x faster.
  fluid_settings_setint(s, "synth.dynamic-sample-loading", 1);
  // Each synth is used by one render at a time: FluidSynth's own locking is waste.
  fluid_settings_setint(s, "synth.threadsafe-api", 0);
  fluid_settings_setint(s, "synth.cpu-cores", 1);
  fluid_settings_setint(s, "synth.polyphony", 256);
  fluid_settings_setnum(s, "synth.gain", 0.5);  // about -3 dBFS peaks for a full band
  fluid_settings_setint(s, "synth.reverb.active", 1);
  fluid_settings_setnum(s, "synth.reverb.room-size", 0.5);
  fluid_settings_setnum(s, "synth.reverb.damp", 0.4);
  fluid_settings_setnum(s, "synth.reverb.width", 0.8);
  fluid_settings_setnum(s, "synth.reverb.level", 0.6);
  // Chorus costs ~10 % of the render and the mix does not miss it.
  fluid_settings_setint(s, "synth.chorus.active", 0);
  fluid_settings_setnum(s, "synth.chorus.level", 1.2);
  fluid_settings_setnum(s, "synth.chorus.depth", 6);
  instance->host = new_fluid_synth(s);
  if (instance->host == nullptr) throw std::runtime_error("fluidsynth: cannot create a synth");
  const int id = fluid_synth_sfload(instance->host, path_.c_str(), 1);
  if (id == FLUID_FAILED) throw std::runtime_error("cannot load soundfont: " + path_);
  instance->sfont = fluid_synth_get_sfont_by_id(instance->host, id);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::lock_guard lock(mutex_);
  ++loads_;
  load_seconds_ += seconds;
  all_.push_back(std::move(instance));
  return all_.back().get();
}

Soundfont::Lease Soundfont::acquire() {
  Instance* instance = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      instance = idle_.back();
      idle_.pop_back();
    }
  }
  // Loading takes ~0.1 s: do it outside the lock so other renders can borrow.
  if (instance == nullptr) instance = create_instance();
  return Lease(shared_from_this(), instance);
}

void Soundfont::release(Instance* instance) noexcept {
  std::lock_guard lock(mutex_);
  idle_.push_back(instance);
}

std::size_t Soundfont::load_count() const {
  std::lock_guard lock(mutex_);
  return loads_;
}

std::size_t Soundfont::synth_count() const {
  std::lock_guard lock(mutex_);
  return all_.size();
}

double Soundfont::load_seconds() const {
  std::lock_guard lock(mutex_);
  return load_seconds_;
}

Soundfont::Lease::Lease(std::shared_ptr<Soundfont> owner, Instance* instance)
    : owner_(std::move(owner)), instance_(instance), synth_(new_fluid_synth(instance->settings)) {
  if (synth_ == nullptr || fluid_synth_add_sfont(synth_, instance->sfont) == FLUID_FAILED) {
    if (synth_ != nullptr) delete_fluid_synth(synth_);
    owner_->release(instance_);
    throw std::runtime_error("fluidsynth: cannot create a synth");
  }
}

Soundfont::Lease::Lease(Lease&& other) noexcept
    : owner_(std::move(other.owner_)), instance_(other.instance_), synth_(other.synth_) {
  other.instance_ = nullptr;
  other.synth_ = nullptr;
}

Soundfont::Lease::~Lease() {
  if (synth_ != nullptr) {
    // The soundfont belongs to the instance's host synth: detach it first, or
    // deleting this synth would free it.
    fluid_synth_remove_sfont(synth_, instance_->sfont);
    delete_fluid_synth(synth_);
  }
  if (owner_ && instance_ != nullptr) owner_->release(instance_);
}

}  // namespace l402d::engines::music
