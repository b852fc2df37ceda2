// NIP-47 (Nostr Wallet Connect) answers as the NWC client reads them
// (src/nostr, used by src/nwc): the relay frame, the event, and the wallet's
// JSON answer after NIP-44 decryption. The input is the decrypted answer: it
// is parsed directly for every method, and also sealed in a genuine response
// event (fixed keys) so open_response runs its whole path, checks included.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "nostr/event.hpp"
#include "nostr/nip44.hpp"
#include "nostr/nip47.hpp"
#include "nostr/nip47_events.hpp"
#include "nostr/relay_message.hpp"
#include "util/hex.hpp"

using namespace l402d;
using namespace l402d::nostr;

namespace {

struct Parties {
  SecretKey client = *SecretKey::from_hex(std::string(63, '0') + "1");
  SecretKey wallet = *SecretKey::from_hex(std::string(63, '0') + "2");
  nip47::SentRequest sent =
      nip47::build_request(nip47::GetBalanceRequest{}, client, wallet.public_key(),
                           nip47::Encryption::nip44_v2, 1'700'000'000);
  nip44::ConversationKey key = nip44::conversation_key(wallet, client.public_key());
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Parties parties;
  const auto text = fuzz::as_text(data, size);

  (void)parse_relay_message(text);
  (void)parse_event(text);

  if (const auto json = fuzz::parse_json(text)) {
    for (const auto method :
         {nip47::Method::pay_invoice, nip47::Method::make_invoice, nip47::Method::lookup_invoice,
          nip47::Method::get_balance, nip47::Method::get_info}) {
      (void)nip47::parse_response(*json, method);
    }
    (void)nip47::parse_notification(*json);
    (void)nip47::parse_request(*json);
    (void)nip47::transaction_from_json(*json);
    (void)event_from_json(*json);
  }

  nip44::Nonce nonce{};
  nonce.fill(0x02);
  auto content = nip44::encrypt(text, parties.key, nonce);
  if (!content) return 0;
  UnsignedEvent draft;
  draft.created_at = 1'700'000'001;
  draft.kind = nip47::kResponseKind;
  draft.tags = {{"e", to_hex(parties.sent.event.id)}, {"p", parties.client.public_key().hex()}};
  draft.content = std::move(*content);
  const Event answer = sign(std::move(draft), parties.wallet);
  (void)nip47::open_response(answer, parties.sent, parties.client, parties.wallet.public_key());
  return 0;
}
