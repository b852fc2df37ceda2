#include "engines/music/compose/lyrics.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

namespace l402d::engines::music {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0)
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0)
    s.remove_suffix(1);
  return s;
}

bool has_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// A line too long to sing in one breath is cut at the punctuation nearest its
// middle; the pieces are still the buyer's words. Lyrics pasted as one long
// paragraph become singable phrases this way.
constexpr std::size_t kLongLine = 64;

void split_long(std::string_view line, std::vector<std::string>& out) {
  line = trim(line);
  if (line.size() <= kLongLine) {
    if (has_letter(line)) out.emplace_back(line);
    return;
  }
  const std::size_t middle = line.size() / 2;
  std::size_t best = std::string_view::npos;
  std::size_t best_distance = line.size();
  for (std::size_t i = 8; i + 8 < line.size(); ++i) {
    const char c = line[i];
    if ((c == ',' || c == '.' || c == ';' || c == '!' || c == '?' || c == ':') &&
        std::isspace(static_cast<unsigned char>(line[i + 1])) != 0) {
      const std::size_t distance = i > middle ? i - middle : middle - i;
      if (distance < best_distance) {
        best = i + 1;
        best_distance = distance;
      }
    }
  }
  if (best == std::string_view::npos) {
    for (std::size_t i = 8; i + 8 < line.size(); ++i) {
      const std::size_t distance = i > middle ? i - middle : middle - i;
      if (line[i] == ' ' && distance < best_distance) {
        best = i;
        best_distance = distance;
      }
    }
  }
  if (best == std::string_view::npos) {
    if (has_letter(line)) out.emplace_back(line);
    return;
  }
  split_long(line.substr(0, best), out);
  split_long(line.substr(best), out);
}

// "[Chorus]", "[Verse 2: Singer]", "(Bridge)", "Chorus:", "VERSE 1": the tag
// text, or nothing if the line is lyrics. `rest` receives text that follows a
// bracketed tag on the same line.
std::optional<std::string> tag_of(std::string_view line, std::string& rest) {
  rest.clear();
  if (!line.empty() && (line.front() == '[' || line.front() == '(' || line.front() == '{')) {
    const char close = line.front() == '[' ? ']' : line.front() == '(' ? ')' : '}';
    const auto end = line.find(close);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string text(line.substr(1, end - 1));
    // "(oh oh)" is sung; only a parenthesis naming a section is a tag.
    if (line.front() != '[' && tag_kind(text).empty()) return std::nullopt;
    rest = std::string(trim(line.substr(end + 1)));
    return text;
  }
  std::string_view head = line;
  if (!head.empty() && head.back() == ':') head.remove_suffix(1);
  if (head.size() > 24 || tag_kind(head).empty()) return std::nullopt;
  // Only a line that is nothing but a section name ("Chorus", "Verse 2"), or
  // a short one ending in a colon, is a tag: "Build me a home" is a lyric.
  std::string norm = normalize_line(head);
  while (!norm.empty() &&
         (std::isdigit(static_cast<unsigned char>(norm.back())) != 0 || norm.back() == ' ')) {
    norm.pop_back();
  }
  static const char* kBare[] = {"intro", "verse",        "pre chorus", "prechorus", "chorus",
                                "hook",  "refrain",      "bridge",     "outro",     "interlude",
                                "solo",  "instrumental", "post chorus"};
  for (const char* bare : kBare) {
    if (norm == bare) return std::string(head);
  }
  const auto words = 1 + std::count(norm.begin(), norm.end(), ' ');
  if (line.back() == ':' && words <= 3) return std::string(head);
  return std::nullopt;
}

struct Stanza {
  std::vector<std::string> lines;
};

}  // namespace

std::string normalize_line(std::string_view line) {
  std::string out;
  bool space = false;
  for (const char raw : line) {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0) {
      if (space && !out.empty()) out.push_back(' ');
      out.push_back(static_cast<char>(std::tolower(c)));
      space = false;
    } else if (raw != '\'') {
      space = true;
    }
  }
  return out;
}

namespace {

std::vector<std::string> words_in(const std::string& normalized) {
  std::vector<std::string> words;
  std::string cur;
  for (const char c : normalized + ' ') {
    if (c != ' ') {
      cur += c;
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  return words;
}

// Two lines are one refrain when most of their words are shared, in any
// order: songwriters vary a repeated line ("hold on to the summer" / "so
// hold on to the summer night"), and word-for-word matching missed those.
bool same_refrain(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const auto& shorter = a.size() <= b.size() ? a : b;
  const auto& longer = a.size() <= b.size() ? b : a;
  if (shorter.size() < 3) return shorter == longer && !shorter.empty();
  std::vector<std::string> pool = longer;
  std::size_t shared = 0;
  for (const std::string& w : shorter) {
    const auto it = std::find(pool.begin(), pool.end(), w);
    if (it == pool.end()) continue;
    pool.erase(it);
    ++shared;
  }
  return shared * 4 >= longer.size() * 3;
}

bool sung_again(const std::vector<std::vector<std::string>>& lines, std::size_t i) {
  for (std::size_t j = 0; j < lines.size(); ++j) {
    if (j != i && same_refrain(lines[i], lines[j])) return true;
  }
  return false;
}

}  // namespace

std::string tag_kind(std::string_view tag) {
  const std::string t = normalize_line(tag);
  if (t.empty()) return "";
  if (contains(t, "pre chorus") || contains(t, "prechorus") || contains(t, "pre hook") ||
      contains(t, "build") || contains(t, "lift") || contains(t, "climb")) {
    return "pre-chorus";
  }
  if (contains(t, "post chorus")) return "chorus";
  if (contains(t, "chorus") || contains(t, "hook") || contains(t, "refrain") ||
      contains(t, "drop")) {
    return "chorus";
  }
  if (contains(t, "verse")) return "verse";
  if (contains(t, "bridge") || contains(t, "middle 8") || contains(t, "middle eight")) {
    return "bridge";
  }
  if (contains(t, "intro") || contains(t, "opening")) return "intro";
  if (contains(t, "outro") || contains(t, "ending") || contains(t, "coda") || contains(t, "fade") ||
      t == "end") {
    return "outro";
  }
  if (contains(t, "solo") || contains(t, "instrumental") || contains(t, "interlude") ||
      contains(t, "break")) {
    return "instrumental";
  }
  return "";
}

std::vector<LyricSection> read_form(std::string_view lyrics) {
  std::vector<std::string_view> raw_lines;
  std::size_t start = 0;
  while (start <= lyrics.size()) {
    auto end = lyrics.find('\n', start);
    if (end == std::string_view::npos) end = lyrics.size();
    raw_lines.push_back(trim(lyrics.substr(start, end - start)));
    start = end + 1;
  }

  bool any_tag = false;
  std::string rest;
  for (const auto line : raw_lines) {
    if (tag_of(line, rest)) any_tag = true;
  }

  std::vector<LyricSection> sections;
  if (any_tag) {
    for (const auto line : raw_lines) {
      if (line.empty()) continue;
      if (const auto tag = tag_of(line, rest)) {
        std::string kind = tag_kind(*tag);
        // An unknown tag ("[Spoken]", "[Female vocal]") still starts a part.
        sections.push_back({kind.empty() ? "verse" : kind, {}, true});
        if (!rest.empty()) split_long(rest, sections.back().lines);
        continue;
      }
      if (sections.empty()) sections.push_back({"verse", {}, false});
      split_long(line, sections.back().lines);
    }
    // "[Chorus]" with nothing under it, after a chorus with words, means
    // "sing the chorus again": that is how lyric sheets are written.
    std::map<std::string, std::vector<std::string>> last_words;
    for (auto& section : sections) {
      const bool repeatable = section.kind == "chorus" || section.kind == "pre-chorus";
      if (section.lines.empty() && repeatable) {
        const auto it = last_words.find(section.kind);
        if (it != last_words.end()) section.lines = it->second;
      } else if (!section.lines.empty()) {
        last_words[section.kind] = section.lines;
      }
    }
    return sections;
  }

  std::vector<Stanza> stanzas(1);
  for (const auto line : raw_lines) {
    if (line.empty()) {
      if (!stanzas.back().lines.empty()) stanzas.emplace_back();
      continue;
    }
    split_long(line, stanzas.back().lines);
  }
  if (stanzas.back().lines.empty()) stanzas.pop_back();

  // A wall of text without blank lines reads as stanzas of four lines.
  std::vector<Stanza> cut;
  for (auto& stanza : stanzas) {
    if (stanza.lines.size() <= 8) {
      cut.push_back(std::move(stanza));
      continue;
    }
    for (std::size_t i = 0; i < stanza.lines.size(); i += 4) {
      Stanza piece;
      const std::size_t end = std::min(stanza.lines.size(), i + 4);
      // A last piece of one line joins the previous one rather than stand alone.
      if (stanza.lines.size() - end == 1) {
        piece.lines.assign(stanza.lines.begin() + static_cast<std::ptrdiff_t>(i),
                           stanza.lines.end());
        cut.push_back(std::move(piece));
        break;
      }
      piece.lines.assign(stanza.lines.begin() + static_cast<std::ptrdiff_t>(i),
                         stanza.lines.begin() + static_cast<std::ptrdiff_t>(end));
      cut.push_back(std::move(piece));
    }
  }
  stanzas = std::move(cut);

  std::map<std::string, int> stanza_count;
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> all_lines;  // each line's words
  for (const auto& stanza : stanzas) {
    std::string key;
    for (const auto& line : stanza.lines) {
      const std::string norm = normalize_line(line);
      key += norm + '\n';
      all_lines.push_back(words_in(norm));
    }
    ++stanza_count[key];
    keys.push_back(key);
  }
  std::size_t first = 0;  // index in all_lines of the stanza's first line
  for (std::size_t s = 0; s < stanzas.size(); ++s) {
    const auto& lines = stanzas[s].lines;
    bool chorus = stanza_count[keys[s]] >= 2;
    if (!chorus && !lines.empty()) {
      std::size_t repeated = 0;
      for (std::size_t i = first; i < first + lines.size(); ++i) {
        repeated += sung_again(all_lines, i) ? 1 : 0;
      }
      chorus = repeated * 2 >= lines.size() && (lines.size() > 1 || stanzas.size() > 1);
    }
    first += lines.size();
    sections.push_back({chorus ? "chorus" : "verse", lines, false});
  }

  std::size_t total_lines = 0;
  bool has_chorus = false;
  for (const auto& section : sections) {
    total_lines += section.lines.size();
    has_chorus = has_chorus || section.kind == "chorus";
  }
  // Nothing repeats, but the last stanza is shorter than every one before it
  // (a couplet after quatrains): a hook written out once reads like that, and
  // as a verse the song would have no chorus to end on.
  if (!has_chorus && sections.size() >= 2 && sections.back().lines.size() <= 4 &&
      std::all_of(sections.begin(), sections.end() - 1, [&](const LyricSection& s) {
        return s.lines.size() > sections.back().lines.size();
      })) {
    sections.back().kind = "chorus";
    has_chorus = true;
  }
  // A lyric of a few lines with no chorus would be a 20-second song: sing it
  // as a verse and again as the chorus, which is what a songwriter would do.
  if (!has_chorus && !sections.empty() && total_lines <= 4) {
    LyricSection chorus = sections.back();
    chorus.kind = "chorus";
    sections.push_back(std::move(chorus));
  }
  return sections;
}

}  // namespace l402d::engines::music
