#pragma once

// The song's form as the lyrics give it: which lines are verses, choruses,
// bridges, in sung order. Tags such as [Verse 2], [Hook] or "Chorus:" are
// honoured; without tags, blank lines separate stanzas and a repeated stanza
// (or one made of repeated lines) is the chorus.

#include <string>
#include <string_view>
#include <vector>

namespace l402d::engines::music {

struct LyricSection {
  // "intro", "verse", "pre-chorus", "chorus", "bridge", "outro" or
  // "instrumental" (a solo, interlude or break).
  std::string kind;
  std::vector<std::string> lines;  // empty: an instrumental section
  bool tagged = false;             // the kind came from a tag, not from a guess
};

std::vector<LyricSection> read_form(std::string_view lyrics);

// The section kind a tag's text names ("Verse 2" -> "verse", "Hook" ->
// "chorus"), or "" when the text names none.
std::string tag_kind(std::string_view tag);

// Lowercase letters and digits with single spaces: how two lines are compared.
std::string normalize_line(std::string_view line);

}  // namespace l402d::engines::music
