// BOLT11 decoding (src/bolt11): the client decodes every invoice a server
// sends before paying it, and the server decodes its node's invoices.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include "bolt11/amount.hpp"
#include "bolt11/bech32.hpp"
#include "bolt11/codec.hpp"
#include "fuzz_input.hpp"

using namespace l402d;

namespace {

constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

// The input with a valid checksum put back: a mutated invoice almost never
// keeps its checksum, and then the tagged-field reader would never run.
std::string with_valid_checksum(std::string_view text) {
  const auto sep = text.rfind('1');
  if (sep == std::string_view::npos) return {};
  std::string hrp;
  for (const char c : text.substr(0, sep)) {
    const auto lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) hrp += lower;
  }
  std::vector<std::uint8_t> words;
  for (const char c : text.substr(sep + 1)) {
    const auto pos = kCharset.find(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (pos != std::string_view::npos) words.push_back(static_cast<std::uint8_t>(pos));
  }
  if (hrp.empty() || words.size() < 6) return {};
  words.resize(words.size() - 6);
  return bolt11::bech32_encode(hrp, words);
}

void decode(std::string_view text) {
  const auto invoice = bolt11::decode(text);
  const auto payload = bolt11::signing_payload(text);
  // Anything decode accepts has a signing payload.
  if (invoice) fuzz::check(payload.has_value());
  (void)bolt11::decode(text, bolt11::DecodeOptions{.max_length = SIZE_MAX});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  decode(text);
  if (const auto fixed = with_valid_checksum(text); !fixed.empty()) decode(fixed);
  (void)bolt11::parse_amount(text);
  return 0;
}
