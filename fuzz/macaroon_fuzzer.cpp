// Macaroon V2 binary decoding (src/l402/macaroon.cpp): every request's
// credential goes through it before any signature is checked.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "l402/macaroon.hpp"

using namespace l402d;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  const auto view = l402::parse_macaroon_view(input);
  const auto macaroon = l402::Macaroon::parse(input);
  // The borrowing and the owning parser must agree on what is a macaroon.
  fuzz::check(view.has_value() == macaroon.has_value());
  if (macaroon) {
    fuzz::check(l402::Macaroon::from_view(*view) == *macaroon);
    // What we write must read back as the same macaroon.
    const auto again = l402::Macaroon::parse(macaroon->serialize());
    fuzz::check(again && *again == *macaroon);
    const auto from_text = l402::Macaroon::parse_base64(macaroon->to_base64());
    fuzz::check(from_text && *from_text == *macaroon);
    static const Bytes root_key(32, 0x42);
    const bool matches = macaroon->signature_matches(root_key);
    const auto derived = l402::derive_macaroon_key(root_key);
    fuzz::check(matches == (l402::compute_signature(*view, derived) == macaroon->signature()));
  }
  (void)l402::Macaroon::parse_base64(fuzz::as_text(data, size));
  return 0;
}
