#include "engines/music/audio/resample.hpp"

#include <soxr.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace l402d::engines::music::audio {

AudioBuffer resample(const AudioBuffer& input, int output_rate) {
  if (input.sample_rate <= 0 || output_rate <= 0 || input.channels <= 0) {
    throw std::invalid_argument("resample: rates and channels must be positive");
  }
  if (input.sample_rate == output_rate) return input;

  AudioBuffer out;
  out.sample_rate = output_rate;
  out.channels = input.channels;
  const std::size_t in_frames = input.frames();
  const double ratio = static_cast<double>(output_rate) / input.sample_rate;
  const auto expected =
      static_cast<std::size_t>(std::llround(static_cast<double>(in_frames) * ratio));
  out.samples.resize((expected + 1) * static_cast<std::size_t>(input.channels));

  const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);  // the engine owns the threads
  std::size_t in_done = 0, out_done = 0;
  const soxr_error_t error = soxr_oneshot(
      input.sample_rate, output_rate, static_cast<unsigned>(input.channels), input.samples.data(),
      in_frames, &in_done, out.samples.data(), expected + 1, &out_done, &io, &quality, &runtime);
  if (error != nullptr) throw std::runtime_error(std::string("resample: soxr: ") + error);
  out.samples.resize(out_done * static_cast<std::size_t>(input.channels));
  return out;
}

}  // namespace l402d::engines::music::audio
