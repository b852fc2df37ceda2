#pragma once

// The GM soundfont, loaded once per process and shared by every render.
//
// A fluid_synth_t is not reentrant, so each concurrent render needs its own.
// Loading the soundfont into a synth is the expensive part (about 0.13 s for
// FluidR3 with dynamic sample loading), so synths are kept in a pool: a render
// borrows a ready one, and returns it reset. The pool grows to the peak number
// of concurrent renders and never reloads the soundfont into a pooled synth.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// FluidSynth's opaque types, so that users of this header do not need its include path.
struct _fluid_synth_t;

namespace l402d::engines::music {

inline constexpr const char* kDefaultSoundfontPath = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

class Soundfont : public std::enable_shared_from_this<Soundfont> {
 public:
  static constexpr int kSampleRate = 44100;

  // A synth borrowed from the pool; returned (reset) when the lease is destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    _fluid_synth_t* synth() const { return synth_; }

   private:
    friend class Soundfont;
    Lease(std::shared_ptr<Soundfont> owner, _fluid_synth_t* synth)
        : owner_(std::move(owner)), synth_(synth) {}
    std::shared_ptr<Soundfont> owner_;
    _fluid_synth_t* synth_;
  };

  // The process-wide instance for `path` (created on first use; one ready
  // synth is loaded at once so a missing or broken file fails early). Throws
  // std::runtime_error naming the path if it cannot be loaded.
  static std::shared_ptr<Soundfont> shared(const std::string& path = kDefaultSoundfontPath);

  // A private instance, for tests that count loads.
  static std::shared_ptr<Soundfont> open(const std::string& path);

  ~Soundfont();
  Soundfont(const Soundfont&) = delete;
  Soundfont& operator=(const Soundfont&) = delete;

  Lease acquire();

  const std::string& path() const { return path_; }
  // How many times the soundfont file has been loaded into a synth.
  std::size_t load_count() const;
  // Synths created so far (idle or lent out).
  std::size_t synth_count() const;
  // Seconds spent loading, summed over all loads.
  double load_seconds() const;

 private:
  struct Instance;
  explicit Soundfont(std::string path);
  Instance* create_instance();  // with mutex_ not held
  void release(_fluid_synth_t* synth) noexcept;

  std::string path_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Instance>> all_;
  std::vector<Instance*> idle_;
  std::size_t loads_ = 0;
  double load_seconds_ = 0;
};

}  // namespace l402d::engines::music
