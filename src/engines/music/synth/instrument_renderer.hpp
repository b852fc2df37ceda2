#pragma once

// Renders a Score's instrument Tracks with FluidSynth: stereo, 44100 Hz,
// events placed to the sample, plus a tail so reverb and releases ring out.

#include <memory>

#include "engines/music/audio_buffer.hpp"
#include "engines/music/score.hpp"
#include "engines/music/synth/soundfont.hpp"

namespace l402d::engines::music {

struct InstrumentRenderOptions {
  double tail_seconds = 2.0;  // after score.length_beats (or the last note-off, if later)
  int reverb_send = 40;       // CC91, 0-127: moderate room, the mix adds the vocal reverb
  int chorus_send = 12;       // CC93, 0-127
  // Added to every melodic note's release time (timecents: -1200 halves it).
  int release_offset_cents = -1200;
};

class InstrumentRenderer {
 public:
  // Uses the process-wide soundfont at kDefaultSoundfontPath.
  InstrumentRenderer();
  explicit InstrumentRenderer(std::shared_ptr<Soundfont> soundfont);

  // Thread-safe: concurrent calls each borrow their own synth from the pool.
  AudioBuffer render(const Score& score, const InstrumentRenderOptions& options = {}) const;

  const std::shared_ptr<Soundfont>& soundfont() const { return soundfont_; }

 private:
  std::shared_ptr<Soundfont> soundfont_;
};

}  // namespace l402d::engines::music
