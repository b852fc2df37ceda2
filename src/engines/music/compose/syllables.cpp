#include "engines/music/compose/syllables.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace l402d::engines::music {

namespace {

bool is_letter(char c) {
  // Bytes of UTF-8 sequences ("café", "niño") stay inside their word.
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80;
}

bool basic_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// Words the spelling rules get wrong, written with their sung split.
constexpr std::string_view kExceptions[] = {
    "ev-ery",    "ev-ery-thing", "ev-ery-one",  "ev-ery-bod-y", "ev-ery-day",  "ev-ery-where",
    "eve-ning",  "dif-fer-ent",  "busi-ness",   "fam-i-ly",     "peo-ple",     "po-em",
    "po-et",     "po-et-ry",     "i-de-a",      "cre-ate",      "ar-e-a",      "sci-ence",
    "qui-et",    "cru-el",       "fu-el",       "na-ive",       "an-y-one",    "some-one",
    "may-be",    "rhy-thm",      "mil-lion",    "bil-lion",     "on-ion",      "o-pin-ion",
    "un-ion",    "li-on",        "fire-works",  "real-ly",      "be-ing",      "choc-late",
    "cam-er-a",  "op-er-a",      "sev-en",      "e-le-ven",     "sev-en-teen", "li-ar",
    "di-a-mond", "vi-o-let",     "ri-ot",       "gi-ant",       "bi-ble",      "hey-o",
    "he",        "she",          "we",          "me",           "be",          "the",
    "ye",        "whole",        "one",         "once",         "done",        "gone",
    "some",      "come",         "love",        "move",         "live",        "give",
    "have",      "true",         "blue",        "knowledge",    "wednes-day",  "ma-ri-a",
    "ser-i-ous", "re-un-ion",    "geo-graph-y", "ne-on",        "an-gel",      "le-o",
};

std::optional<std::vector<std::size_t>> exception_lengths(const std::string& lower) {
  for (const auto entry : kExceptions) {
    std::string letters;
    std::vector<std::size_t> lengths{0};
    for (const char c : entry) {
      if (c == '-') {
        lengths.push_back(0);
      } else {
        letters.push_back(c);
        ++lengths.back();
      }
    }
    if (letters == lower) return lengths;
  }
  return std::nullopt;
}

struct Nucleus {
  std::size_t begin;
  std::size_t end;  // one past the last vowel letter
};

bool is_blend(char a, char b) {
  if (b == 'l') return a == 'b' || a == 'c' || a == 'f' || a == 'g' || a == 'p' || a == 's';
  if (b == 'r') {
    return a == 'b' || a == 'c' || a == 'd' || a == 'f' || a == 'g' || a == 'p' || a == 't' ||
           a == 'w';
  }
  return false;
}

bool is_digraph(char a, char b) {
  return (b == 'h' && (a == 'c' || a == 's' || a == 't' || a == 'p' || a == 'w' || a == 'g')) ||
         (a == 'c' && b == 'k') || (a == 'n' && b == 'g') || (a == 'q' && b == 'u');
}

bool palatal(char c) {
  return c == 'c' || c == 's' || c == 't' || c == 'x' || c == 'g';
}

// Letter flags: which letters of the (lowercase, apostrophe-free) word sound
// as vowels.
std::vector<bool> vowel_letters(const std::string& w) {
  const std::size_t n = w.size();
  std::vector<bool> v(n, false);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = basic_vowel(w[i]);
  for (std::size_t i = 0; i < n; ++i) {
    const char c = w[i];
    if (c == 'u' && i > 0 && w[i - 1] == 'q') v[i] = false;
    // "guess", "guitar", "language": a silent u between g and a vowel.
    if (c == 'u' && i > 0 && w[i - 1] == 'g' && i + 1 < n && basic_vowel(w[i + 1]) &&
        !(i + 2 == n && w[i + 1] == 'e')) {
      v[i] = false;
    }
  }
  for (std::size_t i = 1; i < n; ++i) {
    if (w[i] == 'y') {
      const bool before_vowel = i + 1 < n && basic_vowel(w[i + 1]);
      // "sky", "happy", "crying" are vowels; "beyond", "lawyer" are not.
      v[i] = !before_vowel || !v[i - 1];
      if (before_vowel && (w[i - 1] == 'w' || v[i - 1])) v[i] = false;
    }
    // The w of "aw", "ew", "ow" belongs to its vowel ("flower" keeps 2 syllables).
    // Not before h or r, where it starts the next syllable ("some-where", "any-where").
    if (w[i] == 'w' && v[i - 1] && basic_vowel(w[i - 1]) && !(i + 1 < n && basic_vowel(w[i + 1])) &&
        !(i + 1 < n && (w[i + 1] == 'h' || w[i + 1] == 'r'))) {
      v[i] = true;
    }
  }
  return v;
}

std::vector<Nucleus> nuclei_of(const std::string& w) {
  const auto v = vowel_letters(w);
  const std::size_t n = w.size();
  std::vector<Nucleus> nuclei;
  for (std::size_t i = 0; i < n;) {
    if (!v[i]) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < n && v[j]) {
      const char a = w[j - 1];
      const char b = w[j];
      const char before = j >= 2 ? w[j - 2] : ' ';
      bool hiatus = false;
      if (a == 'i' && (b == 'a' || b == 'o' || b == 'u') && j >= 2 && !palatal(before) &&
          !v[j - 2]) {
        hiatus = true;  // "pi-a-no", "ra-di-o", "cu-ri-ous"; not "na-tion"
      }
      if (a == 'i' && b == 'e' && j + 1 < n && w[j + 1] == 't' && j >= 2 && !palatal(before)) {
        hiatus = true;  // "qui-et", "di-et"
      }
      if (a == 'i' && b == 'e' && j >= 3 && !v[j - 2] && !palatal(before) &&
          ((j + 2 == n && w[j + 1] == 'r') || (j + 3 == n && w[j + 1] == 's' && w[j + 2] == 't'))) {
        hiatus = true;  // "hap-pi-er", "eas-i-est"
      }
      if (a == 'e' && b == 'o' && before != 'g') hiatus = true;                   // "vid-e-o"
      if (a == 'u' && b == 'a' && before != 'q' && before != 'g') hiatus = true;  // "u-su-al"
      if (b == 'i' && j + 3 == n && w[j + 1] == 'n' && w[j + 2] == 'g') hiatus = true;
      if (b == 'i' && j + 4 == n && w[j + 1] == 'n' && w[j + 2] == 'g' && w[j + 3] == 's') {
        hiatus = true;  // "go-ing", "see-ing"
      }
      if (hiatus) break;
      ++j;
    }
    nuclei.push_back({i, j});
    i = j;
  }
  return nuclei;
}

constexpr std::string_view kSuffixesAfterSilentE[] = {
    "ly",   "ful", "less", "ness",  "ment", "where", "thing", "one",  "body",
    "time", "day", "way",  "light", "line", "land",  "ty",    "some", "ward"};

bool lone_e(const std::string& w, const Nucleus& nucleus) {
  return nucleus.end - nucleus.begin == 1 && w[nucleus.begin] == 'e';
}

bool consonant(const std::string& w, std::size_t i) {
  return !basic_vowel(w[i]) && w[i] != 'y' && w[i] != 'w';
}

// Drops nuclei that are silent letters: "time", "loved", "makes", "lonely".
void drop_silent(const std::string& w, std::vector<Nucleus>& nuclei) {
  const std::size_t n = w.size();
  if (nuclei.size() < 2) return;
  const Nucleus last = nuclei.back();
  if (lone_e(w, last)) {
    const std::size_t e = last.begin;
    const std::size_t after = n - e - 1;  // letters after the e
    bool silent = false;
    if (after == 0) {
      // Final e is silent except the "-le"/"-re" syllable of "ta-ble", "cen-tre".
      const bool le_syllable = e >= 2 && (w[e - 1] == 'l' || w[e - 1] == 'r') &&
                               consonant(w, e - 2) && w[e - 2] != 'l' && w[e - 2] != 'r';
      silent = !le_syllable;
    } else if (after == 1 && w[e + 1] == 's') {
      const char c = w[e - 1];
      const bool sibilant = c == 's' || c == 'x' || c == 'z' || c == 'c' || c == 'g' ||
                            (c == 'h' && e >= 2 && (w[e - 2] == 'c' || w[e - 2] == 's'));
      const bool le_syllable = e >= 2 && (c == 'l' || c == 'r') && consonant(w, e - 2) &&
                               w[e - 2] != 'l' && w[e - 2] != 'r';
      silent = !sibilant && !le_syllable;
    } else if (after == 1 && w[e + 1] == 'd') {
      silent = w[e - 1] != 't' && w[e - 1] != 'd';
    }
    if (silent) nuclei.pop_back();
  }
  // Interior silent e before a suffix or a second word: "lonely", "someday".
  for (std::size_t k = 1; k + 1 < nuclei.size(); ++k) {
    const Nucleus& nucleus = nuclei[k];
    if (!lone_e(w, nucleus) || nucleus.begin < 2) continue;
    if (!consonant(w, nucleus.begin - 1) || consonant(w, nucleus.begin - 2)) continue;
    const std::string_view rest = std::string_view(w).substr(nucleus.end);
    for (const auto suffix : kSuffixesAfterSilentE) {
      if (rest.substr(0, suffix.size()) == suffix) {
        nuclei.erase(nuclei.begin() + static_cast<std::ptrdiff_t>(k));
        --k;
        break;
      }
    }
  }
  // A final "ue" after a consonant cluster is a syllable ("val-ue"), but not
  // after a vowel + g ("league", "vague") or in "-que".
  if (nuclei.size() >= 2) {
    const Nucleus& tail = nuclei.back();
    if (tail.end == n && n >= 3 && w[n - 2] == 'u' && w[n - 1] == 'e' && tail.begin == n - 2) {
      const char c = w[n - 3];
      if (c == 'q' || (c == 'g' && n >= 4 && (basic_vowel(w[n - 4]) || w[n - 4] == 'n'))) {
        nuclei.pop_back();
      }
    }
  }
}

// Where the consonants between two nuclei divide: the index that begins the
// second syllable.
std::size_t boundary(const std::string& w, std::size_t from, std::size_t to, bool le_next) {
  if (from == to) return to;
  if (le_next) return to - 2 >= from ? to - 2 : from;  // "lit-tle", "ta-ble", "can-dle"
  // Consonant units, digraphs kept whole.
  std::vector<std::size_t> starts;
  for (std::size_t i = from; i < to;) {
    starts.push_back(i);
    i += (i + 1 < to && is_digraph(w[i], w[i + 1])) ? 2 : 1;
  }
  if (starts.size() == 1) {
    const std::size_t len = to - from;
    const bool keep_left = w[from] == 'x' || (len == 2 && (w[from] == 'c' || w[from] == 'n'));
    return keep_left ? to : from;  // "ba-by", "tax-i", "pock-et", "sing-er"
  }
  const std::size_t last = starts.back();
  const std::size_t penultimate = starts[starts.size() - 2];
  if (last - penultimate == 1 && is_blend(w[penultimate], w[last])) return penultimate;
  return last;
}

std::vector<std::string> split_letters(std::string_view word) {
  // Lowercase letters only, with the position of each in `word`.
  std::string w;
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (std::isalpha(c) != 0) {
      w.push_back(static_cast<char>(std::tolower(c)));
      at.push_back(i);
    }
  }
  if (w.empty()) return {std::string(word)};

  std::vector<std::size_t> cuts;  // indices into w where a new syllable begins
  if (const auto lengths = exception_lengths(w)) {
    std::size_t pos = 0;
    for (std::size_t k = 0; k + 1 < lengths->size(); ++k) {
      pos += (*lengths)[k];
      cuts.push_back(pos);
    }
  } else {
    auto nuclei = nuclei_of(w);
    drop_silent(w, nuclei);
    for (std::size_t k = 1; k < nuclei.size(); ++k) {
      const bool le_next = k + 1 == nuclei.size() && lone_e(w, nuclei[k]) && nuclei[k].begin >= 2 &&
                           nuclei[k].begin + 2 >= w.size() && w[nuclei[k].begin - 1] == 'l';
      cuts.push_back(boundary(w, nuclei[k - 1].end, nuclei[k].begin, le_next));
    }
  }

  std::vector<std::string> chunks;
  std::size_t begin = 0;
  for (const std::size_t cut : cuts) {
    if (cut == 0 || cut >= w.size()) continue;
    const std::size_t end = at[cut];
    if (end > begin) chunks.emplace_back(word.substr(begin, end - begin));
    begin = end;
  }
  chunks.emplace_back(word.substr(begin));
  return chunks;
}

constexpr std::array<std::string_view, 20> kSmall = {
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::array<std::string_view, 10> kTens = {
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

std::string below_hundred(int n) {
  if (n < 20) return std::string(kSmall[static_cast<std::size_t>(n)]);
  std::string out(kTens[static_cast<std::size_t>(n / 10)]);
  if (n % 10 != 0) out += " " + std::string(kSmall[static_cast<std::size_t>(n % 10)]);
  return out;
}

std::string below_thousand(int n) {
  if (n < 100) return below_hundred(n);
  std::string out = std::string(kSmall[static_cast<std::size_t>(n / 100)]) + " hundred";
  if (n % 100 != 0) out += " " + below_hundred(n % 100);
  return out;
}

}  // namespace

std::string spell_number(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0')
    digits.remove_prefix(1);
  if (digits.empty()) return "";
  if (digits.size() > 4) {
    std::string out;
    for (const char d : digits) {
      if (!out.empty()) out += ' ';
      out += kSmall[static_cast<std::size_t>(d - '0')];
    }
    return out;
  }
  int n = 0;
  for (const char d : digits)
    n = n * 10 + (d - '0');
  if (n < 1000) return below_thousand(n);
  // Years are read in pairs: "nineteen eighty four", "twenty twenty".
  if ((n >= 1100 && n < 2000) || (n >= 2010 && n < 2100)) {
    const int low = n % 100;
    return below_hundred(n / 100) + " " +
           (low == 0   ? std::string("hundred")
            : low < 10 ? "oh " + below_hundred(low)
                       : below_hundred(low));
  }
  std::string out = below_hundred(n / 1000) + " thousand";
  if (n % 1000 != 0) out += " " + below_thousand(n % 1000);
  return out;
}

std::vector<std::string> HeuristicSyllabifier::split_word(std::string_view word) {
  return split_letters(word);
}

std::vector<std::string> HeuristicSyllabifier::split(std::string_view line) const {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      std::size_t j = i;
      while (j < line.size() && std::isdigit(static_cast<unsigned char>(line[j])) != 0)
        ++j;
      const auto chunks = split(spell_number(line.substr(i, j - i)));
      out.insert(out.end(), chunks.begin(), chunks.end());
      i = j;
      continue;
    }
    if (!is_letter(c)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    // Apostrophes inside a word ("don't", "rock'n'roll") keep it whole.
    while (j < line.size() && (is_letter(line[j]) || (line[j] == '\'' && j + 1 < line.size() &&
                                                      is_letter(line[j + 1])))) {
      ++j;
    }
    auto chunks = split_letters(line.substr(i, j - i));
    for (auto& chunk : chunks)
      out.push_back(std::move(chunk));
    i = j;
  }
  return out;
}

}  // namespace l402d::engines::music
