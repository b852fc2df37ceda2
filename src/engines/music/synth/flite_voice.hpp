#pragma once

// Flite as the singer's English speech source. Flite's CMU voices (slt
// female, rms male; Debian libflite1) are far easier to understand than
// espeak-ng (pocketsphinx word recall 0.98-1.00 spoken against espeak's 0.85,
// issue 17), so English lyrics are spoken by Flite and reshaped by the same
// TD-PSOLA as before. The line is spoken on one flat pitch
// (int_f0_target_stddev = 0) at the line's median note, so PSOLA knows every
// period and shifts as little as possible.
//
// The male voice is awb, not rms: rms keeps its own intonation whatever
// int_f0_target_* say (measured 88-117 Hz asked 100 or 150 Hz), which PSOLA
// with one known period cannot reshape; awb holds 150.0 +/- 2 Hz when asked.
//
// Flite's voices are shared objects; every call runs under one mutex.

#include <string_view>

#include "engines/music/score.hpp"
#include "engines/music/synth/espeak_voice.hpp"

namespace l402d::engines::music {

struct FliteSettings {
  Voice voice = Voice::female;
  double f0_hz = 200;             // the flat pitch the line is spoken on
  double duration_stretch = 1.0;  // > 1 speaks slower (longer vowels, less to stretch)
  bool monotone = true;           // false: the voice's own intonation (the spoken baseline)
};

// The line spoken monotone, resampled to 22050 Hz (the singer's rate), with
// every phone (Flite's US phoneset; "pau" is a pause) and word. Throws
// std::runtime_error when the voice cannot be registered.
Utterance flite_synthesize(std::string_view text, const FliteSettings& settings);

// Flite's voice for a Voice: "slt" (female) or "awb" (male).
const char* flite_voice_name(Voice voice);

// The pitch range each voice speaks cleanly on one flat F0 (Hz); the singer
// clamps the spoken pitch to it and lets PSOLA do the rest.
double flite_min_hz(Voice voice);
double flite_max_hz(Voice voice);

}  // namespace l402d::engines::music
