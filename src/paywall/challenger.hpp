#pragma once

// Mints the challenge that sells an Offer: an invoice from the Lightning
// backend for the price, and a macaroon bound to its payment hash with the
// service, expiry and (when the offer has one) request caveats. The one recipe
// the HTTP gate and `l402d challenge` share.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "l402/minter.hpp"
#include "lightning/backend.hpp"
#include "paywall/offer.hpp"

namespace l402d::paywall {

struct ChallengeTerms {
  std::uint32_t invoice_expiry_seconds = 3600;
  std::uint32_t token_validity_seconds = 86400;  // valid_until caveat: mint time + this
};

struct Challenge {
  std::string service;
  std::uint64_t price_msat = 0;
  std::string macaroon;  // base64, as it goes into the header
  std::string invoice;   // BOLT11
  Hash32 payment_hash{};
  Hash32 token_id{};            // the macaroon identifier's
  std::int64_t expires_at = 0;  // the invoice's, unix seconds

  // `L402 macaroon="...", invoice="..."`
  std::string www_authenticate() const;
};

class Challenger {
 public:
  using Clock = std::function<std::int64_t()>;  // unix seconds
  Challenger(lightning::Backend& lightning, l402::Minter& minter, ChallengeTerms terms, Clock now);

  // The invoice that sells the offer, from the node: on the caller's event
  // loop, blocking no thread. Throws lightning::BackendError.
  boost::asio::awaitable<lightning::CreatedInvoice> invoice_for(Offer offer) const;
  // The macaroon for that invoice. Throws whatever the root key source throws
  // when it cannot keep a new key (StoreError).
  Challenge mint(const Offer& offer, lightning::CreatedInvoice invoice) const;
  // Whether mint() may wait on I/O; when false, an event loop calls it inline.
  bool minting_blocks() const;

  // Both, for callers that are not a server (`l402d challenge`).
  boost::asio::awaitable<Challenge> issue(Offer offer) const;

 private:
  lightning::Backend& lightning_;
  l402::Minter& minter_;
  ChallengeTerms terms_;
  Clock now_;
};

}  // namespace l402d::paywall
