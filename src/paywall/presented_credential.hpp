#pragma once

// What a request presents as payment, read from whichever rail's headers
// carry it, reduced to the one token model: the sale's macaroon and the proof
// that its invoice is paid. MPP's challenge and x402's offer carry the
// macaroon of the same sale (see docs/payment-rails.md), so every rail is
// verified, counted and redeemed as the same token.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "l402/headers.hpp"
#include "paywall/rails.hpp"
#include "util/bytes.hpp"

namespace l402d::paywall {

// Header values as views; they must outlive the read.
struct PresentedHeaders {
  l402::CredentialHeaders l402;                     // Authorization (L402 and Payment), Macaroon…
  std::vector<std::string_view> payment_signature;  // PAYMENT-SIGNATURE (x402 v2)
  std::vector<std::string_view> x_payment;          // X-PAYMENT (x402 v1 clients)
};

struct PresentedCredential {
  Rail rail = Rail::l402;
  Bytes macaroon;
  // Absent when an x402 payload carries only the invoice: the node must
  // confirm the payment (and yields the preimage) before the token is good.
  std::optional<Hash32> preimage;
  std::string mpp_challenge_id;    // mpp: for the receipt
  std::string x402_invoice;        // x402: the invoice paid, the settlement's transaction
  std::string payment_identifier;  // x402: the payment-identifier extension's id
};

}  // namespace l402d::paywall
