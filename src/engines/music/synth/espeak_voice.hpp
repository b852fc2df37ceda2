#pragma once

// espeak-ng as a speech source for the singer: a line spoken on one flat pitch
// (espeakRANGE = 0), with the position of every phoneme and word.
//
// espeak-ng keeps its state in globals and is not thread-safe: it is
// initialised once per process and every call runs under one global mutex.
// Synthesis is fast (~1-2 ms per syllable), so the lock is held briefly; the
// expensive pitch and time shaping runs outside it.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engines/music/score.hpp"

namespace l402d::engines::music {

struct SpokenPhoneme {
  std::string name;       // espeak mnemonic, e.g. "s", "V", "aI", "@L", "_:" (pause)
  std::size_t start = 0;  // sample positions in Utterance::samples
  std::size_t end = 0;
  std::size_t word = 0;  // index into Utterance::words
  bool vowel = false;    // a syllable nucleus
  bool pause = false;
};

struct SpokenWord {
  std::size_t text_offset = 0;  // byte offset of the word in the synthesized text
  std::size_t text_length = 0;  // bytes
  std::size_t start = 0;        // sample position
};

struct Utterance {
  int sample_rate = 22050;
  std::vector<float> samples;  // mono, [-1, 1]
  std::vector<SpokenPhoneme> phonemes;
  std::vector<SpokenWord> words;
};

struct EspeakSettings {
  Voice voice = Voice::female;
  int pitch = 50;  // espeakPITCH 0-99; with range 0 the whole line sits on one F0
  int rate = 150;  // words per minute; a little slower than speech gives longer vowels
  std::string language = "en-us";  // espeak-ng language ("es", "de", ...): its pronunciation
};

// The line spoken monotone. Throws std::runtime_error if espeak-ng cannot be
// initialised or the voice is missing.
Utterance espeak_synthesize(std::string_view text, const EspeakSettings& settings);

// espeak's voice name for a Voice and language: "en-us" (male) or
// "en-us+f3" (female); "es", "es+f3", ... for other languages.
std::string espeak_voice_name(Voice voice, std::string_view language = "en-us");

// Whether an espeak mnemonic is a syllable nucleus (vowels, diphthongs and
// syllabic consonants such as "@L").
bool is_vowel_phoneme(std::string_view name);

// The espeakPITCH that gives about `hz` with range 0 (measured: en-us 50 ->
// 89 Hz, en-us+f3 50 -> 179 Hz), clamped to 0-99.
int espeak_pitch_for(Voice voice, double hz);

// The F0 (Hz) that espeakPITCH `pitch` gives with range 0 (the same table).
double espeak_f0_for(Voice voice, int pitch);

}  // namespace l402d::engines::music
