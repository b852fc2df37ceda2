#pragma once

// Second-order IIR sections: the building block of the K-weighting filter, the
// vocal high-pass and the EQ helpers. Coefficients are designed in double for
// any sample rate (the RBJ cookbook forms, bilinear transform with
// pre-warping), and the state is kept in double so that a 20 Hz high-pass at
// 48 kHz stays stable and quiet.

#include <cstddef>
#include <span>

namespace l402d::engines::music::audio {

// y = b0 x + b1 x[-1] + b2 x[-2] - a1 y[-1] - a2 y[-2] (a0 normalised to 1).
struct BiquadCoefficients {
  double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};

// Transposed direct form II: one multiply-add chain per sample, good numerics.
class Biquad {
 public:
  Biquad() = default;
  explicit Biquad(const BiquadCoefficients& c) : c_(c) {}

  double process(double x) {
    const double y = c_.b0 * x + s1_;
    s1_ = c_.b1 * x - c_.a1 * y + s2_;
    s2_ = c_.b2 * x - c_.a2 * y;
    return y;
  }
  void reset() { s1_ = s2_ = 0; }
  const BiquadCoefficients& coefficients() const { return c_; }

 private:
  BiquadCoefficients c_;
  double s1_ = 0, s2_ = 0;
};

// RBJ designs. q = 1/sqrt(2) gives a Butterworth response.
BiquadCoefficients design_high_pass(double cutoff_hz, double q, int sample_rate);
BiquadCoefficients design_low_pass(double cutoff_hz, double q, int sample_rate);
BiquadCoefficients design_peaking(double center_hz, double q, double gain_db, int sample_rate);
BiquadCoefficients design_high_shelf(double corner_hz, double q, double gain_db, int sample_rate);

// Runs `sections` in cascade over every channel of an interleaved buffer, in place.
void apply_biquads(std::span<float> interleaved, int channels,
                   std::span<const BiquadCoefficients> sections);

}  // namespace l402d::engines::music::audio
