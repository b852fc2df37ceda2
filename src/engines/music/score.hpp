#pragma once

// The composer's output and the renderers' input: a song as notes on a beat
// grid. Shared by the composer (style, form, harmony, melody, arrangement), the
// instrument renderer (FluidSynth) and the singer (espeak-ng + PSOLA), so that
// each stage can be built and tested on its own.

#include <cstdint>
#include <string>
#include <vector>

namespace l402d::engines::music {

enum class Mode { major, minor };
enum class Voice { female, male };

// One note of an instrument. Times are in beats from the start of the song.
struct Note {
  double start_beats = 0;
  double length_beats = 1;
  int pitch = 60;      // MIDI note number (drums: GM percussion key)
  int velocity = 100;  // 1-127
};

// One instrument part, rendered on its own MIDI channel.
struct Track {
  std::string name;     // "drums", "bass", "chords", "pad", "lead", ...
  int channel = 0;      // 0-15; 9 is the GM percussion channel
  int program = 0;      // GM program 0-127 (ignored on channel 9)
  float volume = 1.0F;  // 0-1, the mixer's gain for this part
  float pan = 0.0F;     // -1 (left) to +1 (right)
  std::vector<Note> notes;
};

// A line of the lyrics as it is to be sung, and its syllables in order.
struct LyricLine {
  std::string text;                    // the line as the buyer wrote it
  std::vector<std::string> syllables;  // orthographic chunks, in order, covering every word
};

// One sung syllable: the melody note for syllable `syllable` of line `line`.
struct SungNote {
  double start_beats = 0;
  double length_beats = 1;
  int pitch = 60;  // MIDI note number
  std::size_t line = 0;
  std::size_t syllable = 0;
};

struct VocalPart {
  Voice voice = Voice::female;
  std::string language = "en";   // ISO 639-1 code of the lyrics, detected from their words
  std::vector<LyricLine> lines;  // every line of the lyrics, in sung order (repeats included)
  std::vector<SungNote> notes;   // ascending start; every syllable of every line exactly once
};

struct Section {
  std::string kind;  // "intro", "verse", "pre-chorus", "chorus", "bridge", "outro"
  double start_beats = 0;
  double length_beats = 0;
};

struct Score {
  double bpm = 120;
  int beats_per_bar = 4;
  int key_root = 0;  // pitch class of the tonic, 0 = C
  Mode mode = Mode::major;
  std::string genre;  // the style the composer settled on, e.g. "rock"
  std::vector<Section> sections;
  std::vector<Track> tracks;
  VocalPart vocals;
  double length_beats = 0;  // the end of the last sounding note, rounded up to a bar

  double seconds_per_beat() const { return 60.0 / bpm; }
  double length_seconds() const { return length_beats * seconds_per_beat(); }
};

}  // namespace l402d::engines::music
