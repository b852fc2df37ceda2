// describe(const Score&): the summary written to logs and checked by tests.

#include <cstdio>
#include <string>

#include "engines/music/compose/composer.hpp"
#include "engines/music/compose/gm.hpp"
#include "engines/music/compose/harmony.hpp"

namespace l402d::engines::music {

namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

}  // namespace

std::string describe(const Score& score) {
  const double bars = score.length_beats / score.beats_per_bar;
  std::size_t drum_hits = 0;
  std::string out =
      "{\"genre\":" + quoted(score.genre) + ",\"bpm\":" + number(score.bpm) +
      ",\"key\":" + quoted(pitch_class_name(score.key_root)) +
      ",\"mode\":" + quoted(score.mode == Mode::major ? "major" : "minor") +
      ",\"voice\":" + quoted(score.vocals.voice == Voice::female ? "female" : "male") +
      ",\"seconds\":" + number(score.length_seconds()) + ",\"bars\":" + number(bars) +
      ",\"sections\":[";
  for (std::size_t i = 0; i < score.sections.size(); ++i) {
    const auto& s = score.sections[i];
    if (i != 0) out += ',';
    out += quoted(s.kind + ":" + number(s.length_beats / score.beats_per_bar));
  }
  out += "],\"instruments\":[";
  for (std::size_t i = 0; i < score.tracks.size(); ++i) {
    const auto& t = score.tracks[i];
    if (t.channel == gm::kDrumChannel) drum_hits += t.notes.size();
    if (i != 0) out += ',';
    const std::string instrument =
        t.channel == gm::kDrumChannel ? "drum kit" : std::string(gm::program_name(t.program));
    out += "{\"part\":" + quoted(t.name) + ",\"program\":" + std::to_string(t.program) +
           ",\"instrument\":" + quoted(instrument) +
           ",\"notes\":" + std::to_string(t.notes.size()) + "}";
  }
  out += "],\"drum_hits_per_bar\":" + number(bars > 0 ? static_cast<double>(drum_hits) / bars : 0) +
         ",\"sung_lines\":" + std::to_string(score.vocals.lines.size()) +
         ",\"sung_notes\":" + std::to_string(score.vocals.notes.size()) + "}";
  return out;
}

}  // namespace l402d::engines::music
