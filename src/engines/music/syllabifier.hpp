#pragma once

// Splits a lyric line into the syllables that will each get one sung note. The
// composer writes one note per syllable; the singer must sing exactly as many,
// so both use the same Syllabifier (the espeak-based one in production, a
// heuristic one where espeak is not wanted, e.g. composer tests).

#include <string>
#include <string_view>
#include <vector>

namespace l402d::engines::music {

class Syllabifier {
 public:
  virtual ~Syllabifier() = default;
  // Orthographic chunks in order, covering every word of the line (punctuation
  // dropped). Never empty for a line with at least one letter.
  virtual std::vector<std::string> split(std::string_view line) const = 0;
};

}  // namespace l402d::engines::music
