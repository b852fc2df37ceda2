#pragma once

// The last stage before encoding: bring the mix to a target integrated
// loudness (streaming-platform style, -14 LUFS by default) and keep its true
// peak below a ceiling (-1 dBTP) with the look-ahead limiter, so that lossy
// encoding and cheap DACs do not clip.
//
// Chain: measure loudness and the true-peak envelope -> static gain to the
// target -> limiter gain from the envelope -> re-measure; when limiting cost
// loudness, raise the static gain by the shortfall and limit again (a few
// passes; the envelope is reused, only the cheap loudness meter re-runs) ->
// measure the true peak of the result and trim if it is still over.

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

struct MasterOptions {
  double target_lufs = -14.0;
  double ceiling_dbtp = -1.0;  // the output's true peak stays strictly below
  // The limiter aims this far under the ceiling so that float rounding and the
  // interpolator's approximation of where a peak falls cannot reach it.
  double limiter_margin_db = 0.3;
  double attack_ms = 4.0;
  double release_ms = 120.0;
  double max_gain_db = 30.0;  // quiet input is not lifted beyond this
  double tolerance_lu = 0.5;  // stop re-limiting once this close to the target (spec: 1 LU)
  int max_passes = 4;
};

struct MasterReport {
  double input_lufs = 0;                // -inf for silence
  double input_true_peak_dbtp = 0;      // -inf for silence
  double gain_db = 0;                   // static gain applied before the limiter
  double limiter_max_reduction_db = 0;  // deepest limiter dip (>= 0)
  double limited_fraction = 0;          // share of frames the limiter reduced by more than 0.5 dB
  double trim_db = 0;                   // final safety trim (<= 0), normally 0
  double output_lufs = 0;
  double output_true_peak_dbtp = 0;
  double output_sample_peak_dbfs = 0;
  int passes = 0;               // limiter passes run
  bool target_reached = false;  // |output_lufs - target| <= 1 LU
};

// Masters `audio` in place (any channel count and rate).
MasterReport master(AudioBuffer& audio, const MasterOptions& options = {});

}  // namespace l402d::engines::music::audio
