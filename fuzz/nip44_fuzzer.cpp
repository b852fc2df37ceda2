// NIP-44 v2 (src/nostr/nip44.cpp): the NWC client decrypts whatever a relay
// hands it as the wallet's answer. A fixed conversation key: the payload's
// MAC then rarely matches, so the input is also encrypted under that key and
// decrypted, and given to unpad directly, to reach the code behind the MAC.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "nostr/nip44.hpp"

using namespace l402d;
namespace nip44 = l402d::nostr::nip44;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::array<std::uint8_t, 32> key_bytes{
      0xc4, 0x1c, 0x77, 0x53, 0x56, 0xfd, 0x92, 0xea, 0xdc, 0x63, 0xff,
      0x5a, 0x0d, 0xc1, 0xda, 0x21, 0x1b, 0x26, 0x8c, 0xbe, 0xa2, 0x23,
      0x16, 0x76, 0x70, 0x95, 0xb2, 0x87, 0x1e, 0xa1, 0x41, 0x2d};
  static const nip44::ConversationKey key{std::span<const std::uint8_t, 32>(key_bytes)};
  const auto text = fuzz::as_text(data, size);

  (void)nip44::decrypt(text, key);
  (void)nip44::unpad(ByteView(data, size));

  nip44::Nonce nonce{};
  nonce.fill(0x01);
  if (const auto payload = nip44::encrypt(text, key, nonce)) {
    const auto plain = nip44::decrypt(*payload, key);
    fuzz::check(plain && *plain == text);
    // A payload one character short must be refused, not read.
    (void)nip44::decrypt(std::string_view(*payload).substr(0, payload->size() - 1), key);
  }
  return 0;
}
