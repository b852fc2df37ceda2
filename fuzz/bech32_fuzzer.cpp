// BIP-173 bech32 (src/bolt11/bech32.cpp) and the 5-bit/8-bit regrouping
// every BOLT11 field goes through.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bolt11/bech32.hpp"
#include "fuzz_input.hpp"

using namespace l402d;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  if (const auto decoded = bolt11::bech32_decode(text, SIZE_MAX)) {
    for (const auto w : decoded->words)
      fuzz::check(w < 32);
    // Decoding is the inverse of encoding (in lower case).
    const auto encoded = bolt11::bech32_encode(decoded->hrp, decoded->words);
    const auto again = bolt11::bech32_decode(encoded, SIZE_MAX);
    fuzz::check(again && again->hrp == decoded->hrp && again->words == decoded->words);
    const auto bytes = bolt11::words_to_bytes(decoded->words);
    fuzz::check(bytes.size() == bolt11::bytes_for_words(decoded->words.size()));
  }
  (void)bolt11::bech32_decode(text, 90);

  // Arbitrary bytes regrouped into words and back are the same bytes.
  std::vector<std::uint8_t> words;
  bolt11::bytes_to_words_append(words, ByteView(data, size));
  fuzz::check(words.size() == bolt11::words_for_bytes(size));
  fuzz::check(bolt11::words_to_bytes(words) == Bytes(data, data + size));
  return 0;
}
