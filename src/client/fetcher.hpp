#pragma once

// The request -> challenge -> pay -> retry state machine, independent of the
// command line: it takes the transport, wallet, token cache and budget, so
// tests drive it against a fake server and simulate crashes.
//
// Money rules, in order:
//   1. A credential already cached for this exact request (server, method,
//      target, body hash) is used before anything new is paid; one whose
//      payment outcome was never recorded is resolved through the wallet
//      (Wallet::status), never by paying a new challenge.
//      An interrupted payment is only ever resolved by the wallet that made it.
//   2. A challenge is checked in full (invoice_check.hpp) and its price plus
//      the most the wallet may charge in fees (Wallet::fee_limit_msat, at most
//      max_fee_sats) compared with max_sats and the daily budget BEFORE the
//      wallet is called. The budget holds price + fee limit while paying and
//      settles at price + the fee actually charged.
//   3. The intent to pay is durably cached before paying, the preimage right
//      after; so each challenge is paid at most once, whatever crashes.
//   4. At most one new payment per fetch.
//   5. A credential the server accepted stays in the cache as a `used`
//      receipt (never sent again), pruned by FetchOptions::receipts.
//
// Rails: a 402 may offer L402, an MPP Lightning charge and an x402 Lightning
// offer at once (docs/payment-rails.md); select_offer picks one (L402 first)
// and every rule above applies to it unchanged. An MPP or x402 offer whose
// stated amount is not its invoice's is refused: only the invoice is signed.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "client/budget.hpp"
#include "client/config.hpp"
#include "client/token_cache.hpp"
#include "client/transport.hpp"
#include "client/wallet.hpp"
#include "l402/headers.hpp"
#include "mpp/challenge.hpp"
#include "net/http_client.hpp"
#include "x402/payment_required.hpp"

namespace l402d::client {

struct FetchOptions {
  std::uint64_t max_sats = kDefaultMaxSats;
  std::uint64_t max_fee_sats = kDefaultMaxFeeSats;
  std::optional<bolt11::Network> network;  // nullopt: the wallet's network, if it has one
  bool dry_run = false;
  std::int64_t min_invoice_remaining_seconds = 5;
  ReceiptRetention receipts;
};

enum class FetchStatus {
  ok,              // 2xx
  http_error,      // another status (the response is set)
  network_error,   // no response
  refused,         // not paid: price, budget, bad invoice, hash mismatch
  payment_failed,  // the wallet failed or the outcome is unknown
  dry_run,         // price shown, nothing paid or sent with a credential
};

// What the server asks, for --dry-run and messages.
struct Quote {
  Rail rail = Rail::l402;
  std::string scheme;  // L402 or LSAT, Payment (MPP), x402
  std::uint64_t amount_msat = 0;
  std::uint64_t amount_sats = 0;
  std::uint64_t fee_limit_msat = 0;  // the most the wallet may charge in fees
  std::string description;
  std::string payment_hash;  // hex
  std::string network;
  std::int64_t expires_at = 0;
  std::string refusal;  // why it would not be paid (over max, over budget), empty if it would
};

struct FetchResult {
  FetchStatus status = FetchStatus::network_error;
  std::optional<net::HttpResponse> response;
  std::optional<Quote> quote;
  bool paid = false;         // this run paid a new invoice
  bool used_cached = false;  // this run sent a credential from the cache
  std::string token_id;      // cache id of the credential involved, if any
  std::string message;       // for people; never holds a secret

  int exit_code() const;
};

class Fetcher {
 public:
  using Notice = std::function<void(std::string_view)>;

  Fetcher(Transport transport, Wallet& wallet, TokenCache& cache, Budget& budget,
          FetchOptions options, Clock clock = unix_now, Notice notice = {});

  // Transport errors while paying or retrying are reported (network_error),
  // with the credential kept for the next run. Cache and budget I/O failures throw.
  FetchResult fetch(const net::HttpRequest& request);

 private:
  FetchResult send_with(const net::HttpRequest& request, TokenEntry entry);
  // A successful payment: the preimage, the fee, and the budget settled.
  void record_payment(TokenEntry& entry, const PayResult& paid);
  // Keeps `entry` as a receipt (used or rejected) and prunes old receipts.
  void keep_receipt(TokenEntry entry, TokenState state);
  // Why the challenge's price plus fee limit may not be paid; empty if it may.
  std::string refusal_for(const Quote& quote) const;
  FetchResult pay_challenge(const net::HttpRequest& request, const CacheKey& key,
                            const net::HttpResponse& challenge_response);
  // A `paying` entry left by an earlier run: nullopt when it was definitely
  // not paid (and was dropped), else the entry (paid) or a result to return.
  std::variant<std::optional<TokenEntry>, FetchResult> resolve(TokenEntry entry);
  void say(const std::string& text) const;

  Transport transport_;
  Wallet& wallet_;
  TokenCache& cache_;
  Budget& budget_;
  FetchOptions options_;
  Clock clock_;
  Notice notice_;
};

// The WWW-Authenticate values of a response, in order.
std::vector<std::string> www_authenticate_values(const net::HttpResponse& response);

// `<scheme> <macaroon>:<preimage hex>` with the challenge's scheme (L402 unless
// the server spoke LSAT only).
std::string authorization_value(const TokenEntry& entry);

// The header a paid entry is sent in, for its rail: Authorization (L402, MPP)
// or PAYMENT-SIGNATURE (x402). Throws when the cached preimage is unreadable.
struct CredentialHeader {
  std::string name;
  std::string value;
};
CredentialHeader credential_header(const TokenEntry& entry);

// The offer of a 402 that `l402 fetch` pays, by the selection rule: L402 (or
// LSAT) if offered, else an MPP charge with method "lightning", else an x402
// offer whose extra.paymentMethod is "lightning". Unchecked: nullopt only when
// none is offered at all.
struct Offer {
  Rail rail = Rail::l402;
  l402::Challenge l402_challenge;          // rail l402
  mpp::ChallengeParams mpp_challenge;      // rail mpp
  x402::LightningRequirements x402_offer;  // rail x402
};
std::optional<Offer> select_offer(const net::HttpResponse& response);

}  // namespace l402d::client
