#pragma once

// The heuristic English Syllabifier: spelling rules only, no dictionary beyond
// a short list of common lyric words the rules get wrong. The singer brings an
// espeak-based Syllabifier; this one serves where espeak is not wanted (tests,
// the composer's fallback) and must give about the same counts.

#include <string>
#include <string_view>
#include <vector>

#include "engines/music/syllabifier.hpp"

namespace l402d::engines::music {

class HeuristicSyllabifier final : public Syllabifier {
 public:
  // Words are runs of letters and apostrophes; other characters separate them
  // and are dropped. Numbers are spelled out ("42" -> "for", "ty", "two").
  std::vector<std::string> split(std::string_view line) const override;

  // The syllables of one word, as chunks that concatenate to the word.
  static std::vector<std::string> split_word(std::string_view word);
};

// "42" -> "forty two"; numbers of more than four digits are read digit by digit.
std::string spell_number(std::string_view digits);

}  // namespace l402d::engines::music
