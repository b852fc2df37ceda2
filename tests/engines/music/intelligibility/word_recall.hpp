#pragma once

// Issue 17's measure of a sung vocal's intelligibility: Debian's pocketsphinx
// (en-us acoustic model) with a language model limited to the song's own
// words transcribes each sung line, and the word recall is the share of the
// lyric's words it gets back in order. The same measure on the lines spoken
// plainly is the baseline, on the band alone (no vocal) the floor.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engines/music/audio_buffer.hpp"
#include "engines/music/score.hpp"
#include "engines/music/synth/singer.hpp"

namespace l402d::engines::music::intelligibility {

// Lower-case words of a text: runs of ASCII letters and inner apostrophes.
std::vector<std::string> words_of(std::string_view text);

// Words of `reference` found in `hypothesis` in the same order (longest
// common subsequence).
std::size_t matched_words(const std::vector<std::string>& reference,
                          const std::vector<std::string>& hypothesis);

struct Recall {
  std::size_t reference = 0;  // lyric words sung
  std::size_t matched = 0;    // of them, recognised in order
  std::size_t unknown = 0;    // lyric words the dictionary lacks (counted as missed)
  double value() const {
    return reference == 0 ? 0.0 : static_cast<double>(matched) / static_cast<double>(reference);
  }
  Recall& operator+=(const Recall& o) {
    reference += o.reference;
    matched += o.matched;
    unknown += o.unknown;
    return *this;
  }
};

// A span of audio (frames) that should carry one lyric line.
struct LineSpan {
  std::string text;
  std::size_t from = 0;
  std::size_t to = 0;
};

// Where each sung line sits in the song, from the singer's note timings,
// padded by `pad_seconds` on both sides.
std::vector<LineSpan> sung_lines(const Score& score, const std::vector<SungTiming>& timing,
                                 int sample_rate, double pad_seconds = 0.25);

// A pocketsphinx decoder whose language model (unigrams and bigrams) and
// dictionary hold only the given lyrics' words.
class Recogniser {
 public:
  explicit Recogniser(const std::vector<std::string>& lyric_lines);
  ~Recogniser();
  Recogniser(const Recogniser&) = delete;
  Recogniser& operator=(const Recogniser&) = delete;

  // The words heard in [from, to) of the audio (any rate, any channels).
  std::vector<std::string> transcribe(const AudioBuffer& audio, std::size_t from, std::size_t to);

  // Recall over the spans: each span's words against its line's words.
  Recall measure(const AudioBuffer& audio, const std::vector<LineSpan>& spans);

  bool known(const std::string& word) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace l402d::engines::music::intelligibility
