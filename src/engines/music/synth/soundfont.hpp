#pragma once

// The GM soundfont, loaded once per process and shared by every render.
//
// A loaded soundfont (fluid_sfont_t) may only be used by one render at a time:
// with dynamic sample loading, selecting a preset loads and reference-counts
// its samples. Loading is the expensive part (about 0.13 s for FluidR3), so
// loaded soundfonts are kept in a pool: a render borrows one and gets a brand
// new fluid_synth_t playing it. A synth is cheap to create (under 2 ms), and
// a new one per render is what makes renders repeatable: a reused synth keeps
// state that fluid_synth_system_reset does not clear (in its voice objects,
// and the reverb's modulators), so the same score rendered after a different
// one came out different. The pool grows to the peak number of concurrent renders and never
// reloads the file into a pooled soundfont.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// FluidSynth's opaque types, so that users of this header do not need its include path.
struct _fluid_synth_t;
struct _fluid_sfont_t;

namespace l402d::engines::music {

inline constexpr const char* kDefaultSoundfontPath = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

class Soundfont : public std::enable_shared_from_this<Soundfont> {
 public:
  static constexpr int kSampleRate = 44100;

  // A new synth playing a soundfont borrowed from the pool. Destroying the
  // lease deletes the synth and returns the soundfont.
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
    struct Instance;
    Lease(std::shared_ptr<Soundfont> owner, Instance* instance);
    std::shared_ptr<Soundfont> owner_;
    Instance* instance_;
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
  // How many times the soundfont file has been loaded.
  std::size_t load_count() const;
  // Loaded copies of the soundfont so far (idle or lent out).
  std::size_t synth_count() const;
  // Seconds spent loading, summed over all loads.
  double load_seconds() const;

 private:
  using Instance = Lease::Instance;
  explicit Soundfont(std::string path);
  Instance* create_instance();  // with mutex_ not held
  void release(Instance* instance) noexcept;

  std::string path_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Instance>> all_;
  std::vector<Instance*> idle_;
  std::size_t loads_ = 0;
  double load_seconds_ = 0;
};

}  // namespace l402d::engines::music
