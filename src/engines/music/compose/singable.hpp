#pragma once

// Whether lyrics give the singer anything to sing. Lyrics made only of
// emoji, symbols, digits or section tags ("[Chorus]") used to pass the
// length check and come out as an instrumental the buyer paid a song for
// (issue 17); they are refused before any invoice instead. The API's
// request parser and the engine both ask.

#include <optional>
#include <string>
#include <string_view>

namespace l402d::engines::music {

// Why the lyrics cannot be sung, or nothing if they can: they must hold at
// least one word of letters (Latin, Greek or Cyrillic script, which the
// voices can pronounce) outside section tags.
std::optional<std::string> unsingable_reason(std::string_view lyrics);

// How many words of letters the lyrics hold outside section tags.
std::size_t singable_words(std::string_view lyrics);

}  // namespace l402d::engines::music
