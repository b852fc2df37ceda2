#pragma once

// The composer: a style prompt and lyrics in, a Score out. Pure computation,
// deterministic (the same request always gives the same song, on every build)
// and fast (a few milliseconds).

#include <string>
#include <vector>

#include "engines/music/compose/harmony.hpp"
#include "engines/music/compose/style.hpp"
#include "engines/music/score.hpp"
#include "engines/music/syllabifier.hpp"

namespace l402d::engines::music {

struct SongRequest {
  std::string prompt;  // the style: "upbeat pop song about summer, female vocals, 120 bpm"
  std::string lyrics;  // with or without [Verse]/[Chorus] tags
};

// Every syllable the syllabifier finds in the lyrics gets exactly one sung
// note, so the singer must be given the same syllabifier.
Score compose(const SongRequest& request, const Syllabifier& syllabifier);

// What the composer decided on the way, for logs and tests.
struct CompositionReport {
  Style style;                // as read from the prompt
  std::vector<Chord> chords;  // the whole song's harmony, in order
};

Score compose(const SongRequest& request, const Syllabifier& syllabifier,
              CompositionReport& report);

// A one-line JSON summary: genre, bpm, key, mode, voice, length, sections,
// instruments, drum hits per bar, sung notes.
std::string describe(const Score& score);

}  // namespace l402d::engines::music
