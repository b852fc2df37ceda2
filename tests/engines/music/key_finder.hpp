#pragma once

// The key a line of music reads in, for tests that check a minor prompt is
// heard as minor: the Krumhansl-Kessler key profiles correlated with a chroma
// (time spent on each pitch class), the usual key finder. The chroma may come
// from a score's notes or from the pitch tracked in rendered audio.

#include <cmath>
#include <cstddef>
#include <vector>

namespace l402d::engines::music::testing {

struct Key {
  int root = 0;  // pitch class of the tonic, 0 = C
  bool minor = false;
};

// Pearson correlation of the chroma, rotated to `root`, with `profile`.
inline double key_correlation(const std::vector<double>& chroma, const double* profile, int root) {
  double mx = 0, my = 0;
  for (int i = 0; i < 12; ++i) {
    mx += chroma[static_cast<std::size_t>(i)] / 12;
    my += profile[i] / 12;
  }
  double sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < 12; ++i) {
    const double x = chroma[static_cast<std::size_t>((i + root) % 12)] - mx;
    const double y = profile[i] - my;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  return sxy / std::sqrt(sxx * syy);
}

// `chroma` has 12 entries, C first.
inline Key key_of_chroma(const std::vector<double>& chroma) {
  static constexpr double kMajor[12] = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09,
                                        2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
  static constexpr double kMinor[12] = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53,
                                        2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
  Key best;
  double best_r = -2;
  for (int root = 0; root < 12; ++root) {
    for (const bool minor : {false, true}) {
      const double r = key_correlation(chroma, minor ? kMinor : kMajor, root);
      if (r > best_r) {
        best_r = r;
        best = {root, minor};
      }
    }
  }
  return best;
}

// The pitch class of a MIDI note, C = 0.
inline std::size_t pitch_class(int midi) {
  return static_cast<std::size_t>(((midi % 12) + 12) % 12);
}

}  // namespace l402d::engines::music::testing
