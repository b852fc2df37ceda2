#include "engines/music/audio/reverb.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "engines/music/audio/denormals.hpp"

namespace l402d::engines::music::audio {
namespace {

// Freeverb's tunings, in samples at 44.1 kHz: mutually prime-ish lengths so
// the combs' echoes do not pile up on the same instants.
constexpr std::array<int, 8> kCombTuning = {1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617};
constexpr std::array<int, 4> kAllpassTuning = {556, 441, 341, 225};
constexpr int kStereoSpread = 23;
constexpr float kFixedGain = 0.015F;  // the combs' summed gain is large: scale the input down
constexpr float kScaleWet = 3.0F;
constexpr float kScaleDamp = 0.4F;
constexpr float kScaleRoom = 0.28F;
constexpr float kOffsetRoom = 0.7F;
constexpr float kAllpassFeedback = 0.5F;

std::size_t scaled(int samples_at_44k, int sample_rate) {
  return std::max<std::size_t>(
      1, static_cast<std::size_t>(std::lround(samples_at_44k * (sample_rate / 44100.0))));
}

class Comb {
 public:
  explicit Comb(std::size_t length) : buffer_(length, 0.0F) {}
  float process(float input, float feedback, float damp1, float damp2) {
    const float output = buffer_[index_];
    store_ = output * damp2 + store_ * damp1;
    buffer_[index_] = input + store_ * feedback;
    if (++index_ == buffer_.size()) index_ = 0;
    return output;
  }

 private:
  std::vector<float> buffer_;
  std::size_t index_ = 0;
  float store_ = 0;
};

class Allpass {
 public:
  explicit Allpass(std::size_t length) : buffer_(length, 0.0F) {}
  float process(float input) {
    const float delayed = buffer_[index_];
    buffer_[index_] = input + delayed * kAllpassFeedback;
    if (++index_ == buffer_.size()) index_ = 0;
    return delayed - input;
  }

 private:
  std::vector<float> buffer_;
  std::size_t index_ = 0;
};

struct Channel {
  std::vector<Comb> combs;
  std::vector<Allpass> allpasses;
  Channel(int sample_rate, int spread) {
    for (int t : kCombTuning)
      combs.emplace_back(scaled(t + spread, sample_rate));
    for (int t : kAllpassTuning)
      allpasses.emplace_back(scaled(t + spread, sample_rate));
  }
  float process(float input, float feedback, float damp1, float damp2) {
    float out = 0;
    for (auto& c : combs)
      out += c.process(input, feedback, damp1, damp2);
    for (auto& a : allpasses)
      out = a.process(out);
    return out;
  }
};

}  // namespace

AudioBuffer reverb(const AudioBuffer& input, const ReverbOptions& options) {
  if (input.channels != 1 && input.channels != 2) {
    throw std::invalid_argument("reverb: input must be mono or stereo");
  }
  if (input.sample_rate <= 0) throw std::invalid_argument("reverb: sample_rate must be positive");
  const ScopedFlushDenormals flush;

  const float room = std::clamp(options.room_size, 0.0F, 1.0F);
  const float feedback = room * kScaleRoom + kOffsetRoom;
  const float damp1 = std::clamp(options.damping, 0.0F, 1.0F) * kScaleDamp;
  const float damp2 = 1.0F - damp1;
  const float wet = std::clamp(options.wet, 0.0F, 1.0F) * kScaleWet;
  const float width = std::clamp(options.width, 0.0F, 1.0F);
  const float wet1 = wet * (width / 2 + 0.5F);
  const float wet2 = wet * ((1 - width) / 2);
  const float dry = std::clamp(options.dry, 0.0F, 1.0F);

  const std::size_t in_frames = input.frames();
  const auto tail = static_cast<std::size_t>(std::max(0.0F, options.tail_seconds) *
                                             static_cast<float>(input.sample_rate));
  const std::size_t out_frames = in_frames + tail;
  const std::size_t predelay = static_cast<std::size_t>(
      std::max(0.0F, options.predelay_ms) * 1e-3F * static_cast<float>(input.sample_rate));

  AudioBuffer out;
  out.sample_rate = input.sample_rate;
  out.channels = 2;
  // Every sample is written below: reserved, not zeroed first.
  out.samples.reserve(out_frames * 2);

  Channel left(input.sample_rate, 0), right(input.sample_rate, kStereoSpread);
  std::vector<float> delay(predelay + 1, 0.0F);
  std::size_t delay_index = 0;
  const auto in_ch = static_cast<std::size_t>(input.channels);
  for (std::size_t n = 0; n < out_frames; ++n) {
    float in_l = 0, in_r = 0;
    if (n < in_frames) {
      in_l = input.samples[n * in_ch];
      in_r = in_ch == 2 ? input.samples[n * in_ch + 1] : in_l;
    }
    // The tank is fed mono (as Freeverb does): width comes from the
    // differently tuned left and right tanks, not from the source.
    delay[delay_index] = (in_l + in_r) * kFixedGain;
    if (++delay_index == delay.size()) delay_index = 0;
    const float send = delay[delay_index];
    const float tank_l = left.process(send, feedback, damp1, damp2);
    const float tank_r = right.process(send, feedback, damp1, damp2);
    out.samples.push_back(tank_l * wet1 + tank_r * wet2 + in_l * dry);
    out.samples.push_back(tank_r * wet1 + tank_l * wet2 + in_r * dry);
  }
  return out;
}

}  // namespace l402d::engines::music::audio
