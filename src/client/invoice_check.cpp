#include "client/invoice_check.hpp"

#include "bolt11/codec.hpp"
#include "client/config.hpp"
#include "l402/macaroon.hpp"
#include "util/hex.hpp"

namespace l402d::client {

namespace {

auto fail(CheckError code, std::string message) {
  return unexpected(CheckFailure{code, std::move(message)});
}

}  // namespace

Expected<CheckedInvoice, CheckFailure> check_invoice(const std::string& invoice_text,
                                                     const InvoicePolicy& policy,
                                                     std::int64_t now) {
  auto invoice = bolt11::decode(invoice_text);
  if (!invoice) {
    return fail(CheckError::invalid_invoice, "the server's invoice is invalid (" +
                                                 std::string(bolt11::to_string(invoice.error())) +
                                                 ")");
  }
  if (policy.network && invoice->network != *policy.network) {
    return fail(CheckError::wrong_network,
                "the invoice is for " + std::string(network_name(invoice->network)) +
                    ", but this wallet pays on " + std::string(network_name(*policy.network)));
  }
  if (!invoice->amount_msat) {
    return fail(CheckError::no_amount, "the invoice names no amount; refusing to guess a price");
  }
  auto expires_at = static_cast<std::int64_t>(invoice->expires_at());
  if (now + policy.min_remaining_seconds >= expires_at) {
    return fail(CheckError::expired, "the invoice has expired (or expires within " +
                                         std::to_string(policy.min_remaining_seconds) + " s)");
  }
  CheckedInvoice out;
  out.invoice = std::move(*invoice);
  out.amount_msat = *out.invoice.amount_msat;
  out.amount_sats = out.amount_msat / 1000 + (out.amount_msat % 1000 != 0);
  return out;
}

Expected<CheckedChallenge, CheckFailure> check_challenge(const l402::Challenge& challenge,
                                                         const InvoicePolicy& policy,
                                                         std::int64_t now) {
  auto invoice = check_invoice(challenge.invoice, policy, now);
  if (!invoice) return unexpected(invoice.error());
  auto macaroon = l402::Macaroon::parse_base64(challenge.macaroon);
  if (!macaroon) {
    return fail(CheckError::invalid_macaroon,
                "the server's macaroon does not parse: " + macaroon.error().message);
  }
  auto identifier = l402::decode_identifier(macaroon->identifier());
  if (!identifier) {
    return fail(CheckError::invalid_macaroon,
                "the macaroon's identifier is not an L402 identifier (version 0, 66 bytes)");
  }
  if (identifier->payment_hash != invoice->invoice.payment_hash) {
    return fail(CheckError::hash_mismatch,
                "the invoice's payment hash " + to_hex(invoice->invoice.payment_hash) +
                    " is not the macaroon's " + to_hex(identifier->payment_hash) +
                    ": paying it would not unlock the token");
  }
  CheckedChallenge out;
  out.challenge = challenge;
  out.invoice = std::move(invoice->invoice);
  out.identifier = *identifier;
  out.amount_msat = invoice->amount_msat;
  out.amount_sats = invoice->amount_sats;
  return out;
}

}  // namespace l402d::client
