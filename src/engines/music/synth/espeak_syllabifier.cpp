#include "engines/music/synth/espeak_syllabifier.hpp"

#include <algorithm>
#include <cctype>

#include "engines/music/synth/espeak_voice.hpp"

namespace l402d::engines::music {

namespace {

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u) != 0 || c == '\'';
}

bool is_vowel_letter(char c) {
  switch (std::tolower(static_cast<unsigned char>(c))) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<EspeakSyllabifier::Word> EspeakSyllabifier::words(std::string_view line) {
  std::vector<Word> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && !is_word_byte(line[i]))
      ++i;
    const std::size_t start = i;
    while (i < line.size() && is_word_byte(line[i]))
      ++i;
    // Apostrophes alone ("'", "''") are quotes, not words.
    const std::string_view w = line.substr(start, i - start);
    if (!w.empty() && w.find_first_not_of('\'') != std::string_view::npos) {
      out.push_back({start, i - start});
    }
  }
  return out;
}

std::vector<std::string> EspeakSyllabifier::cut_word(std::string_view word, std::size_t count) {
  count = std::max<std::size_t>(count, 1);
  // Natural cut points: before the consonant that starts the next vowel group
  // (ba-by, shi-ning, beau-ti-ful); with several consonants, after the first
  // (win-ter).
  std::vector<std::size_t> cuts;
  std::size_t i = 0;
  while (i < word.size() && !is_vowel_letter(word[i]))
    ++i;
  while (i < word.size()) {
    while (i < word.size() && is_vowel_letter(word[i]))
      ++i;
    const std::size_t consonants = i;
    while (i < word.size() && !is_vowel_letter(word[i]))
      ++i;
    if (i >= word.size()) break;
    const std::size_t run = i - consonants;
    cuts.push_back(run <= 1 ? consonants : consonants + 1);
  }
  // A final "e" after a consonant is usually silent (fire, time): drop that cut first.
  if (cuts.size() + 1 > count && word.size() >= 2 &&
      std::tolower(static_cast<unsigned char>(word.back())) == 'e' && !cuts.empty() &&
      cuts.back() >= word.size() - 2) {
    cuts.pop_back();
  }
  // Too many pieces: merge the shortest adjacent pair (keeps the chunks even).
  while (cuts.size() + 1 > count) {
    std::size_t best = 0, best_len = word.size() + 1;
    for (std::size_t k = 0; k < cuts.size(); ++k) {
      const std::size_t from = k == 0 ? 0 : cuts[k - 1];
      const std::size_t to = k + 1 < cuts.size() ? cuts[k + 1] : word.size();
      if (to - from <= best_len) {
        best_len = to - from;
        best = k;
      }
    }
    cuts.erase(cuts.begin() + static_cast<std::ptrdiff_t>(best));
  }
  // Too few (espeak hears "hour" as two): halve the longest piece, keeping
  // UTF-8 sequences whole.
  while (cuts.size() + 1 < count) {
    std::size_t best_from = 0, best_to = 0;
    for (std::size_t k = 0; k <= cuts.size(); ++k) {
      const std::size_t from = k == 0 ? 0 : cuts[k - 1];
      const std::size_t to = k < cuts.size() ? cuts[k] : word.size();
      if (to - from > best_to - best_from) {
        best_from = from;
        best_to = to;
      }
    }
    std::size_t mid = best_from + (best_to - best_from) / 2;
    while (mid > best_from && (static_cast<unsigned char>(word[mid]) & 0xC0U) == 0x80U)
      --mid;
    if (mid <= best_from) break;
    cuts.insert(std::upper_bound(cuts.begin(), cuts.end(), mid), mid);
  }
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    out.emplace_back(word.substr(from, cut - from));
    from = cut;
  }
  out.emplace_back(word.substr(from));
  // A word too short to cut into `count` pieces: repeat the last piece so the
  // count (which the composer relies on) still matches espeak's nuclei.
  while (out.size() < count)
    out.push_back(out.back());
  return out;
}

std::vector<std::string> EspeakSyllabifier::split(std::string_view line) const {
  const std::vector<Word> ws = words(line);
  if (ws.empty()) return {};
  const Utterance u = espeak_synthesize(line, EspeakSettings{voice_, 50, 150, language_});

  // Count nuclei per word: each phoneme belongs to the espeak word it follows,
  // and each espeak word to the line word that contains its first character.
  std::vector<std::size_t> nuclei(ws.size(), 0);
  auto word_at = [&](std::size_t offset) {
    for (std::size_t k = 0; k < ws.size(); ++k) {
      if (offset < ws[k].offset + ws[k].length) return k;
    }
    return ws.size() - 1;
  };
  for (const SpokenPhoneme& p : u.phonemes) {
    if (!p.vowel) continue;
    const std::size_t k = u.words.empty() ? 0 : word_at(u.words[p.word].text_offset);
    ++nuclei[k];
  }
  // espeak speaks some phrases ("of the", "in the") as one word: the later
  // words get no word event and the first gets all the nuclei. Count such a
  // group's words one by one and share the nuclei out accordingly.
  std::vector<bool> has_event(ws.size(), false);
  for (const SpokenWord& w : u.words)
    has_event[word_at(w.text_offset)] = true;
  for (std::size_t k = 0; k < ws.size();) {
    std::size_t e = k + 1;
    while (e < ws.size() && !has_event[e])
      ++e;
    if (e - k > 1) {
      std::size_t total = 0;
      for (std::size_t j = k; j < e; ++j)
        total += nuclei[j];
      std::vector<std::size_t> alone(e - k);
      std::size_t sum = 0;
      for (std::size_t j = k; j < e; ++j) {
        std::size_t n = 0;
        for (const SpokenPhoneme& p : espeak_synthesize(line.substr(ws[j].offset, ws[j].length),
                                                        EspeakSettings{voice_, 50, 150, language_})
                                          .phonemes) {
          n += p.vowel ? 1 : 0;
        }
        alone[j - k] = n;
        sum += n;
      }
      if (sum == total) {
        for (std::size_t j = k; j < e; ++j)
          nuclei[j] = alone[j - k];
      }
    }
    k = e;
  }
  std::vector<std::string> out;
  for (std::size_t k = 0; k < ws.size(); ++k) {
    for (std::string& chunk :
         cut_word(line.substr(ws[k].offset, ws[k].length), std::max<std::size_t>(nuclei[k], 1))) {
      out.push_back(std::move(chunk));
    }
  }
  return out;
}

}  // namespace l402d::engines::music
