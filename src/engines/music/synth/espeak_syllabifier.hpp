#pragma once

// The production Syllabifier: each word is cut into as many chunks as espeak
// finds syllable nuclei in it, so the composer writes exactly as many notes as
// the singer (which uses the same espeak analysis) will sing.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engines/music/score.hpp"
#include "engines/music/syllabifier.hpp"

namespace l402d::engines::music {

class EspeakSyllabifier final : public Syllabifier {
 public:
  // `language` is espeak-ng's ("en-us", "es", "de", ...): each language has
  // its own vowels and so its own syllable count.
  explicit EspeakSyllabifier(Voice voice = Voice::female, std::string language = "en-us")
      : voice_(voice), language_(std::move(language)) {}
  std::vector<std::string> split(std::string_view line) const override;

  // The words of a line as both classes see them: runs of letters, digits,
  // apostrophes and non-ASCII bytes.
  struct Word {
    std::size_t offset = 0;
    std::size_t length = 0;
  };
  static std::vector<Word> words(std::string_view line);

  // Cuts one word into `count` (>= 1) orthographic chunks at plausible
  // syllable boundaries (between vowel groups).
  static std::vector<std::string> cut_word(std::string_view word, std::size_t count);

 private:
  Voice voice_;
  std::string language_;
};

}  // namespace l402d::engines::music
