#include "engines/music/compose/singable.hpp"

#include <cctype>
#include <cstdint>

namespace l402d::engines::music {

namespace {

// Decodes one UTF-8 code point at `i` and advances past it; malformed bytes
// decode as U+FFFD one byte at a time.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const int extra = b0 < 0x80            ? 0
                    : (b0 >> 5) == 0x6U  ? 1
                    : (b0 >> 4) == 0xEU  ? 2
                    : (b0 >> 3) == 0x1EU ? 3
                                         : -1;
  if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size()) {
    ++i;
    return 0xFFFD;
  }
  std::uint32_t cp = extra == 0 ? b0 : b0 & (0x3FU >> extra);
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0U) != 0x80U) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3FU);
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

// Letters of the scripts the voices pronounce: Latin (with its accented
// letters), Greek and Cyrillic. Emoji, symbols, digits and other scripts are
// not.
bool is_singable_letter(std::uint32_t cp) {
  if (cp < 0x80) return std::isalpha(static_cast<int>(cp)) != 0;
  if (cp == 0xD7 || cp == 0xF7) return false;  // multiplication and division signs
  return (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x370 && cp <= 0x3FF && cp != 0x37E) ||
         (cp >= 0x400 && cp <= 0x52F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

}  // namespace

std::size_t singable_words(std::string_view lyrics) {
  std::size_t words = 0;
  bool in_word = false, in_tag = false;
  for (std::size_t i = 0; i < lyrics.size();) {
    const std::uint32_t cp = next_code_point(lyrics, i);
    if (cp == '[') in_tag = true;
    if (cp == ']' || cp == '\n') in_tag = false;
    const bool letter = !in_tag && is_singable_letter(cp);
    if (letter && !in_word) ++words;
    // An apostrophe inside a word ("don't") does not end it.
    in_word = letter || (in_word && cp == '\'');
  }
  return words;
}

std::optional<std::string> unsingable_reason(std::string_view lyrics) {
  if (singable_words(lyrics) > 0) return std::nullopt;
  return "lyrics have no words to sing: write at least one word in letters outside section tags "
         "such as [Chorus] (emoji, symbols and digits alone cannot be sung)";
}

}  // namespace l402d::engines::music
