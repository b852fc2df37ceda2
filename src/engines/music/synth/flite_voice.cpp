#include "engines/music/synth/flite_voice.hpp"

#include <flite/flite.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <string>

#include "engines/music/audio/resample.hpp"

extern "C" {
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_awb(const char* voxdir);
}

namespace l402d::engines::music {

namespace {

constexpr int kSingerRate = 22050;

std::mutex& flite_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Registered once per process (under flite_mutex), never freed: the voices
// are static data of the shared libraries.
cst_voice* voice_for(Voice voice) {
  static bool initialised = false;
  static cst_voice* female = nullptr;
  static cst_voice* male = nullptr;
  if (!initialised) {
    flite_init();
    female = register_cmu_us_slt(nullptr);
    male = register_cmu_us_awb(nullptr);
    initialised = true;
  }
  cst_voice* v = voice == Voice::male ? male : female;
  if (v == nullptr)
    throw std::runtime_error("flite: cannot register voice " +
                             std::string(flite_voice_name(voice)));
  return v;
}

bool is_flite_vowel(const cst_item* segment) {
  return std::string(ffeature_string(segment, "ph_vc")) == "+";
}

}  // namespace

const char* flite_voice_name(Voice voice) {
  return voice == Voice::male ? "awb" : "slt";
}

double flite_min_hz(Voice voice) {
  return voice == Voice::male ? 75 : 140;
}

double flite_max_hz(Voice voice) {
  return voice == Voice::male ? 190 : 330;
}

Utterance flite_synthesize(std::string_view text, const FliteSettings& settings) {
  Utterance out;
  const std::string input(text);
  AudioBuffer spoken;
  std::lock_guard lock(flite_mutex());
  cst_voice* v = voice_for(settings.voice);
  const double f0 =
      std::clamp(settings.f0_hz, flite_min_hz(settings.voice), flite_max_hz(settings.voice));
  if (settings.monotone) {
    feat_set_float(v->features, "int_f0_target_mean", static_cast<float>(f0));
    feat_set_float(v->features, "int_f0_target_stddev", 0.0F);
  } else {
    feat_remove(v->features, "int_f0_target_mean");
    feat_remove(v->features, "int_f0_target_stddev");
  }
  feat_set_float(v->features, "duration_stretch", static_cast<float>(settings.duration_stretch));
  cst_utterance* utt = flite_synth_text(input.c_str(), v);
  if (utt == nullptr) throw std::runtime_error("flite: synthesis failed");
  const cst_wave* w = utt_wave(utt);
  spoken.sample_rate = w->sample_rate;
  spoken.channels = 1;
  spoken.samples.resize(static_cast<std::size_t>(w->num_samples));
  for (std::size_t i = 0; i < spoken.samples.size(); ++i)
    spoken.samples[i] = static_cast<float>(w->samples[i]) / 32768.0F;
  const double scale = static_cast<double>(kSingerRate);
  const auto total = static_cast<std::size_t>(
      std::lround(static_cast<double>(spoken.samples.size()) * scale / w->sample_rate));

  // Segments carry their end time (s); a word starts with its first segment.
  double previous_end = 0;
  const cst_item* previous_word = nullptr;
  for (const cst_item* s = relation_head(utt_relation(utt, "Segment")); s != nullptr;
       s = item_next(s)) {
    SpokenPhoneme p;
    p.name = item_feat_string(s, "name");
    const double end = item_feat_float(s, "end");
    p.start = std::min(total, static_cast<std::size_t>(std::lround(previous_end * scale)));
    p.end = std::min(total, static_cast<std::size_t>(std::lround(end * scale)));
    previous_end = end;
    p.pause = p.name == "pau";
    p.vowel = !p.pause && is_flite_vowel(s);
    const cst_item* word = p.pause ? nullptr : path_to_item(s, "R:SylStructure.parent.parent");
    if (word != nullptr && word != previous_word) {
      SpokenWord sw;
      sw.start = p.start;
      out.words.push_back(sw);
      previous_word = word;
    }
    p.word = out.words.empty() ? 0 : out.words.size() - 1;
    out.phonemes.push_back(std::move(p));
  }
  delete_utterance(utt);
  out.sample_rate = kSingerRate;
  out.samples = audio::resample(spoken, kSingerRate).samples;
  out.samples.resize(total, 0.0F);
  return out;
}

}  // namespace l402d::engines::music
