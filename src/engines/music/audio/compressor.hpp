#pragma once

// A gentle feed-forward compressor for the vocal stem: synthetic vowels swing
// widely in level from syllable to syllable, and evening them out lets the
// vocal sit at a steady height above the band without its loudest vowels
// poking out. Stereo-linked (one gain for all channels, so the image holds).

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

struct CompressorOptions {
  double threshold_db = -18.0;
  double ratio = 3.0;
  double knee_db = 6.0;  // soft knee width, centred on the threshold
  double attack_ms = 5.0;
  double release_ms = 80.0;
  double makeup_db = 0.0;
};

struct CompressorReport {
  double max_reduction_db = 0;  // deepest gain reduction (>= 0)
};

CompressorReport compress(AudioBuffer& audio, const CompressorOptions& options = {});

}  // namespace l402d::engines::music::audio
