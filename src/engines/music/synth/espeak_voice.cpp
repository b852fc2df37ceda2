#include "engines/music/synth/espeak_voice.hpp"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>

namespace l402d::engines::music {

namespace {

std::mutex& espeak_mutex() {
  static std::mutex mutex;
  return mutex;
}

struct RawEvent {
  espeak_EVENT_TYPE type;
  std::size_t sample;
  int text_position;
  int length;
  std::string name;
};

// Where the synchronous callback delivers; only touched under espeak_mutex().
struct Capture {
  std::vector<short> pcm;
  std::vector<RawEvent> events;
};
Capture* g_capture = nullptr;

int on_synth(short* wav, int count, espeak_EVENT* events) {
  if (g_capture == nullptr) return 1;
  if (wav != nullptr && count > 0) g_capture->pcm.insert(g_capture->pcm.end(), wav, wav + count);
  for (; events != nullptr && events->type != espeakEVENT_LIST_TERMINATED; ++events) {
    if (events->type != espeakEVENT_PHONEME && events->type != espeakEVENT_WORD) continue;
    RawEvent e{events->type,
               static_cast<std::size_t>(std::max(0, events->sample)),
               events->text_position,
               events->length,
               {}};
    if (events->type == espeakEVENT_PHONEME) {
      // id.string is 8 bytes, not necessarily terminated.
      e.name.assign(events->id.string, strnlen(events->id.string, sizeof events->id.string));
    }
    g_capture->events.push_back(std::move(e));
  }
  return 0;
}

int sample_rate_once() {
  static const int rate = [] {
    const int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr,
                                    espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_DONT_EXIT);
    if (r > 0) espeak_SetSynthCallback(on_synth);
    return r;
  }();
  if (rate <= 0) throw std::runtime_error("espeak-ng: initialisation failed (espeak-ng-data?)");
  return rate;
}

// Byte offset of each (1-based) character position espeak reports.
std::vector<std::size_t> char_offsets(std::string_view text) {
  std::vector<std::size_t> offsets;
  offsets.push_back(0);  // position 0 is unused
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) offsets.push_back(i);
  }
  offsets.push_back(text.size());
  return offsets;
}

struct PitchPoint {
  int pitch;
  double hz;
};
// Measured with espeakRANGE = 0 (shared/reference/engines.md, section 2).
constexpr std::array<PitchPoint, 5> kMale{{{0, 53}, {25, 69}, {50, 89}, {75, 119}, {99, 158}}};
constexpr std::array<PitchPoint, 5> kFemale{{{0, 113}, {25, 141}, {50, 179}, {75, 233}, {99, 306}}};

const std::array<PitchPoint, 5>& table(Voice voice) {
  return voice == Voice::male ? kMale : kFemale;
}

}  // namespace

std::string espeak_voice_name(Voice voice, std::string_view language) {
  std::string name(language.empty() || language == "en" ? "en-us" : language);
  return voice == Voice::male ? name : name + "+f3";
}

bool is_vowel_phoneme(std::string_view name) {
  if (name.empty()) return false;
  // espeak's English mnemonics: vowels start with one of these; consonants
  // (including j, w, r, flap t#) and pauses (_) never do.
  static constexpr std::string_view kVowelStarts = "aeiouAEIOUV03@";
  return kVowelStarts.find(name.front()) != std::string_view::npos;
}

double espeak_f0_for(Voice voice, int pitch) {
  const auto& t = table(voice);
  pitch = std::clamp(pitch, 0, 99);
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (pitch <= t[i].pitch) {
      const double f = static_cast<double>(pitch - t[i - 1].pitch) / (t[i].pitch - t[i - 1].pitch);
      // The table is close to geometric: interpolate in log frequency.
      return t[i - 1].hz * std::pow(t[i].hz / t[i - 1].hz, f);
    }
  }
  return t.back().hz;
}

int espeak_pitch_for(Voice voice, double hz) {
  const auto& t = table(voice);
  if (!(hz > t.front().hz)) return 0;
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (hz <= t[i].hz) {
      const double f = std::log(hz / t[i - 1].hz) / std::log(t[i].hz / t[i - 1].hz);
      return std::clamp(
          static_cast<int>(std::lround(t[i - 1].pitch + f * (t[i].pitch - t[i - 1].pitch))), 0, 99);
    }
  }
  return 99;
}

Utterance espeak_synthesize(std::string_view text, const EspeakSettings& settings) {
  Utterance out;
  Capture capture;
  const std::string input(text);
  {
    std::lock_guard lock(espeak_mutex());
    out.sample_rate = sample_rate_once();
    const std::string voice = espeak_voice_name(settings.voice, settings.language);
    if (espeak_SetVoiceByName(voice.c_str()) != EE_OK) {
      throw std::runtime_error("espeak-ng: voice not found: " + voice);
    }
    espeak_SetParameter(espeakRANGE, 0, 0);  // a flat F0: PSOLA then knows every period
    espeak_SetParameter(espeakPITCH, std::clamp(settings.pitch, 0, 99), 0);
    espeak_SetParameter(espeakRATE, std::clamp(settings.rate, 80, 450), 0);
    espeak_SetParameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
    g_capture = &capture;
    const espeak_ERROR err = espeak_Synth(input.c_str(), input.size() + 1, 0, POS_CHARACTER, 0,
                                          espeakCHARS_UTF8, nullptr, nullptr);
    espeak_Synchronize();
    g_capture = nullptr;
    if (err != EE_OK) throw std::runtime_error("espeak-ng: synthesis failed");
  }

  out.samples.resize(capture.pcm.size());
  std::transform(capture.pcm.begin(), capture.pcm.end(), out.samples.begin(),
                 [](short s) { return static_cast<float>(s) / 32768.0F; });
  const std::vector<std::size_t> offsets = char_offsets(input);
  const std::size_t total = out.samples.size();
  for (const RawEvent& e : capture.events) {
    if (e.type == espeakEVENT_WORD) {
      SpokenWord w;
      const auto pos = static_cast<std::size_t>(std::max(1, e.text_position));
      const std::size_t end_pos = pos + static_cast<std::size_t>(std::max(0, e.length));
      w.text_offset = offsets[std::min(pos, offsets.size() - 1)];
      w.text_length = offsets[std::min(end_pos, offsets.size() - 1)] - w.text_offset;
      w.start = std::min(e.sample, total);
      out.words.push_back(w);
    } else {
      SpokenPhoneme p;
      p.name = e.name;
      p.start = std::min(e.sample, total);
      p.word = out.words.empty() ? 0 : out.words.size() - 1;
      p.pause = !p.name.empty() && p.name.front() == '_';
      p.vowel = !p.pause && is_vowel_phoneme(p.name);
      if (p.name.empty()) continue;
      out.phonemes.push_back(std::move(p));
    }
  }
  for (std::size_t i = 0; i < out.phonemes.size(); ++i) {
    out.phonemes[i].end = i + 1 < out.phonemes.size() ? out.phonemes[i + 1].start : total;
    out.phonemes[i].end = std::max(out.phonemes[i].end, out.phonemes[i].start);
  }
  return out;
}

}  // namespace l402d::engines::music
