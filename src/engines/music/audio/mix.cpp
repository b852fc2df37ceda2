#include "engines/music/audio/mix.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "engines/music/audio/biquad.hpp"
#include "engines/music/audio/true_peak.hpp"

namespace l402d::engines::music::audio {

PanGains constant_power_pan(double pan) {
  const double theta = (std::clamp(pan, -1.0, 1.0) + 1.0) * std::numbers::pi / 4.0;
  return {static_cast<float>(std::cos(theta)), static_cast<float>(std::sin(theta))};
}

AudioBuffer mix_stems(std::span<const Stem> stems, int sample_rate) {
  std::size_t frames = 0;
  for (const Stem& s : stems) {
    if (s.audio == nullptr) throw std::invalid_argument("mix_stems: stem without audio");
    if (s.audio->sample_rate != sample_rate) {
      throw std::invalid_argument("mix_stems: stem sample rate differs from the mix");
    }
    if (s.audio->channels != 1 && s.audio->channels != 2) {
      throw std::invalid_argument("mix_stems: stems must be mono or stereo");
    }
    frames = std::max(frames, s.offset_frames + s.audio->frames());
  }
  AudioBuffer mix;
  mix.sample_rate = sample_rate;
  mix.channels = 2;
  mix.samples.assign(frames * 2, 0.0F);
  for (const Stem& s : stems) {
    const auto gain = static_cast<float>(db_to_gain(s.gain_db));
    float* out = mix.samples.data() + 2 * s.offset_frames;
    const float* in = s.audio->samples.data();
    const std::size_t n = s.audio->frames();
    if (s.audio->channels == 1) {
      const PanGains p = constant_power_pan(s.pan);
      const float gl = gain * p.left, gr = gain * p.right;
      for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] += in[i] * gl;
        out[2 * i + 1] += in[i] * gr;
      }
    } else {
      // Balance: the centre keeps both sides at unity; moving right fades the
      // left side along the quarter cosine, and vice versa.
      const double pan = std::clamp(s.pan, -1.0, 1.0);
      const auto gl =
          static_cast<float>(gain * (pan > 0 ? std::cos(pan * std::numbers::pi / 2.0) : 1.0));
      const auto gr =
          static_cast<float>(gain * (pan < 0 ? std::cos(-pan * std::numbers::pi / 2.0) : 1.0));
      for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] += in[2 * i] * gl;
        out[2 * i + 1] += in[2 * i + 1] * gr;
      }
    }
  }
  return mix;
}

void apply_gain_db(AudioBuffer& audio, double gain_db) {
  const auto g = static_cast<float>(db_to_gain(gain_db));
  for (float& s : audio.samples)
    s *= g;
}

AudioBuffer to_stereo(const AudioBuffer& audio) {
  if (audio.channels == 2) return audio;
  if (audio.channels != 1) throw std::invalid_argument("to_stereo: input must be mono or stereo");
  AudioBuffer out;
  out.sample_rate = audio.sample_rate;
  out.channels = 2;
  out.samples.resize(audio.samples.size() * 2);
  for (std::size_t i = 0; i < audio.samples.size(); ++i) {
    out.samples[2 * i] = out.samples[2 * i + 1] = audio.samples[i];
  }
  return out;
}

void high_pass(AudioBuffer& audio, double cutoff_hz, int order) {
  std::vector<BiquadCoefficients> sections;
  if (order == 2) {
    sections.push_back(design_high_pass(cutoff_hz, std::numbers::sqrt2 / 2, audio.sample_rate));
  } else if (order == 4) {
    // Butterworth 4th order = two sections with Q = 1/(2 cos(pi/8)), 1/(2 cos(3 pi/8)).
    sections.push_back(design_high_pass(cutoff_hz, 0.5411961001461969, audio.sample_rate));
    sections.push_back(design_high_pass(cutoff_hz, 1.3065629648763766, audio.sample_rate));
  } else {
    throw std::invalid_argument("high_pass: order must be 2 or 4");
  }
  apply_biquads(audio.samples, audio.channels, sections);
}

void peaking_eq(AudioBuffer& audio, double center_hz, double q, double gain_db) {
  const BiquadCoefficients c = design_peaking(center_hz, q, gain_db, audio.sample_rate);
  apply_biquads(audio.samples, audio.channels, std::span(&c, 1));
}

void add_into(AudioBuffer& bus, const AudioBuffer& stem) {
  if (bus.channels != 2 || stem.channels != 2 || bus.sample_rate != stem.sample_rate) {
    throw std::invalid_argument("add_into: stereo buffers of one rate expected");
  }
  if (stem.samples.size() > bus.samples.size()) bus.samples.resize(stem.samples.size(), 0.0F);
  for (std::size_t i = 0; i < stem.samples.size(); ++i)
    bus.samples[i] += stem.samples[i];
}

}  // namespace l402d::engines::music::audio
