#include "engines/music/compose/language.hpp"

#include <array>
#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace l402d::engines::music {

namespace {

struct LanguageCues {
  const char* code;
  std::set<std::string_view> words;           // frequent function words
  std::array<std::string_view, 4> spellings;  // UTF-8 letters found in few other languages
};

const std::array<LanguageCues, 6>& cues() {
  static const std::array<LanguageCues, 6> kCues{{
      {"en",
       {"the", "and",  "you", "i",    "my",  "is",   "are",  "of",    "to",   "in",    "on", "we",
        "me",  "your", "it",  "with", "all", "this", "that", "night", "love", "heart", "be"},
       {"", "", "", ""}},
      {"es",
       {"el",  "la",  "los", "las",  "y",       "de",   "que",   "en", "mi", "tu", "es", "un",
        "una", "por", "con", "para", "corazón", "amor", "noche", "yo", "te", "me", "no", "sol"},
       {"ñ", "¿", "¡", "ó"}},
      {"de",
       {"der",  "die", "das", "und", "ich", "du",  "nicht", "ist",  "ein",   "eine",  "mit", "mein",
        "dein", "wir", "auf", "im",  "zu",  "den", "dem",   "herz", "liebe", "nacht", "sind"},
       {"ß", "ü", "ö", "ä"}},
      {"fr",
       {"le",  "la", "les", "et",   "je",   "tu",   "de",  "des",   "un",    "une",  "est", "dans",
        "mon", "ma", "pas", "nous", "avec", "pour", "qui", "coeur", "amour", "nuit", "toi", "moi"},
       {"ç", "è", "ê", "à"}},
      {"it",
       {"il",  "la",  "le",  "e",     "di",    "che",   "un",    "una", "sono", "mio", "mia", "con",
        "per", "non", "nel", "della", "cuore", "amore", "notte", "io",  "ti",   "mi",  "sei"},
       {"ò", "ì", "ù", "è"}},
      {"pt",
       {"o",    "a",   "os", "as", "e",  "de",      "que",  "um",    "uma", "meu",  "minha", "com",
        "para", "não", "em", "no", "na", "coração", "amor", "noite", "eu",  "você", "sou"},
       {"ã", "õ", "ç", "ê"}},
  }};
  return kCues;
}

// Lower-case words: ASCII letters lowered, other UTF-8 bytes kept as they are.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalpha(u) != 0) {
      cur += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

std::string detect_language(std::string_view lyrics) {
  const std::vector<std::string> words = words_of(lyrics);
  double best = 0;
  std::string code = "en";
  double english = 0;
  for (const LanguageCues& c : cues()) {
    // Distinct cue words: "la la la" is one cue, not three.
    std::set<std::string_view> seen;
    for (const std::string& w : words) {
      const auto it = c.words.find(w);
      if (it != c.words.end()) seen.insert(*it);
    }
    double score = static_cast<double>(seen.size());
    for (std::string_view s : c.spellings) {
      if (!s.empty() && lyrics.find(s) != std::string_view::npos) score += 2.0;
    }
    if (std::string_view(c.code) == "en") english = score;
    if (score > best) {
      best = score;
      code = c.code;
    }
  }
  // Another language must clearly beat English, and on at least three cues:
  // a stray "no" or "me" in English lyrics decides nothing.
  if (code != "en" && (best < 3 || best < english * 1.5)) return "en";
  return code;
}

}  // namespace l402d::engines::music
