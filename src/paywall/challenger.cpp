#include "paywall/challenger.hpp"

#include "l402/headers.hpp"

namespace l402d::paywall {

std::string Challenge::www_authenticate() const {
  return l402::format_challenge(macaroon, invoice);
}

Challenger::Challenger(lightning::Backend& lightning, l402::Minter& minter, ChallengeTerms terms,
                       Clock now)
    : lightning_(lightning), minter_(minter), terms_(terms), now_(std::move(now)) {}

bool Challenger::minting_blocks() const {
  return minter_.may_block();
}

boost::asio::awaitable<lightning::CreatedInvoice> Challenger::invoice_for(Offer offer) const {
  lightning::CreateInvoiceRequest ir;
  ir.amount_msat = offer.price_msat;
  ir.description = "L402 " + offer.service;
  ir.expiry_seconds = terms_.invoice_expiry_seconds;
  co_return co_await lightning_.async_create_invoice(std::move(ir));
}

Challenge Challenger::mint(const Offer& offer, lightning::CreatedInvoice invoice) const {
  l402::MintOptions mo;
  mo.service = offer.service;
  mo.valid_until =
      now_() + (offer.token_seconds ? offer.token_seconds : terms_.token_validity_seconds);
  mo.request_hash = offer.request_hash;
  if (offer.priced_per_request) mo.price_msat = offer.price_msat;
  auto token = minter_.mint(invoice.payment_hash, mo);

  Challenge c;
  c.service = offer.service;
  c.price_msat = offer.price_msat;
  c.macaroon = std::move(token.base64);
  c.invoice = std::move(invoice.bolt11);
  c.payment_hash = invoice.payment_hash;
  c.token_id = token.identifier.token_id;
  c.expires_at = invoice.expires_at;
  return c;
}

boost::asio::awaitable<Challenge> Challenger::issue(Offer offer) const {
  auto invoice = co_await invoice_for(offer);
  co_return mint(offer, std::move(invoice));
}

}  // namespace l402d::paywall
