#pragma once

// Nostr Wallet Connect connection URIs (NIP-47):
//   nostr+walletconnect://<wallet pubkey
//   hex>?relay=<url>[&relay=<url>...]&secret=<hex>[&lud16=<addr>]

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nostr/error.hpp"
#include "nostr/keys.hpp"
#include "util/expected.hpp"

namespace l402d::nostr {

struct NwcUri {
  PublicKey wallet;                  // the wallet service's key: requests go to it
  std::vector<std::string> relays;   // ws:// or wss:// URLs, in order, without repeats
  SecretKey secret;                  // the client's key for this connection
  std::optional<std::string> lud16;  // a lightning address, when the wallet gave one
};

// Accepts the scheme as 47.md spells it and as wallets and clients also write
// it (Alby's SDK reads all four): nostr+walletconnect:// and nostrwalletconnect://,
// each also without the "//"; the scheme in any case. Query values are
// percent-decoded as URLSearchParams does ('+' is a space); unknown parameters
// are ignored. Errors name what is wrong but never echo the secret.
Expected<NwcUri, Error> parse_nwc_uri(std::string_view text);

}  // namespace l402d::nostr
