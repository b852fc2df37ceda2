#pragma once

// BIP-173 bech32 (not bech32m), with a caller-chosen length cap because BOLT11
// strings routinely exceed BIP-173's 90 characters.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::bolt11 {

enum class Bech32Error {
  too_long,      // over the caller's cap
  no_separator,  // no '1', empty hrp or fewer than 6 checksum characters after it
  bad_char,      // a character outside the hrp range or the data alphabet
  mixed_case,
  bad_checksum,  // includes bech32m strings: their constant differs
};

struct Bech32 {
  std::string hrp;                  // always lower case
  std::vector<std::uint8_t> words;  // 5-bit values, checksum removed
};

Expected<Bech32, Bech32Error> bech32_decode(std::string_view text, std::size_t max_length);

// Appends hrp '1' data checksum in lower case. `hrp` must already be lower case and
// `words` must hold values below 32 (both are programming errors otherwise).
void bech32_encode_append(std::string& out, std::string_view hrp,
                          std::span<const std::uint8_t> words);
std::string bech32_encode(std::string_view hrp, std::span<const std::uint8_t> words);

// 8-bit bytes to 5-bit words, zero-padded to a word boundary.
void bytes_to_words_append(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes);
inline std::size_t words_for_bytes(std::size_t n) {
  return (n * 8 + 4) / 5;
}

// 5-bit words to bytes. Trailing bits that do not fill a byte are dropped: BOLT11
// readers ignore the padding of tagged fields (it is covered by the signature anyway).
Bytes words_to_bytes(std::span<const std::uint8_t> words);
// Fills `out` from the leading words; out.size() must not exceed bytes_for_words(words.size()).
void words_to_bytes(std::span<const std::uint8_t> words, std::span<std::uint8_t> out);
inline std::size_t bytes_for_words(std::size_t n) {
  return n * 5 / 8;
}

}  // namespace l402d::bolt11
