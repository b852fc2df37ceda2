#pragma once

// Which language the lyrics are in, so the singer pronounces them as that
// language (espeak-ng has the voices) instead of reading Spanish or German
// with English rules. Counts each language's most frequent short words
// (articles, pronouns, prepositions) and a few spellings only it uses.

#include <string>
#include <string_view>

namespace l402d::engines::music {

// ISO 639-1 code: "en", "es", "de", "fr", "it" or "pt". English unless another
// language clearly wins (lyrics too short to tell stay English).
std::string detect_language(std::string_view lyrics);

}  // namespace l402d::engines::music
