#include "paywall/challenger.hpp"

#include "l402/headers.hpp"

namespace l402d::paywall {

std::string Challenge::www_authenticate() const {
  return l402::format_challenge(macaroon, invoice);
}

Challenger::Challenger(lightning::Backend& lightning, l402::Minter& minter, ChallengeTerms terms,
                       Clock now)
    : lightning_(lightning), minter_(minter), terms_(terms), now_(std::move(now)) {}

bool Challenger::may_block() const {
  return lightning_.create_invoice_blocks() || minter_.may_block();
}

Challenge Challenger::issue(const Offer& offer) const {
  lightning::CreateInvoiceRequest ir;
  ir.amount_msat = offer.price_msat;
  ir.description = "L402 " + offer.service;
  ir.expiry_seconds = terms_.invoice_expiry_seconds;
  auto invoice = lightning_.create_invoice(ir);

  l402::MintOptions mo;
  mo.service = offer.service;
  mo.valid_until = now_() + terms_.token_validity_seconds;
  mo.request_hash = offer.request_hash;
  auto token = minter_.mint(invoice.payment_hash, mo);

  Challenge c;
  c.service = offer.service;
  c.price_msat = offer.price_msat;
  c.macaroon = std::move(token.base64);
  c.invoice = std::move(invoice.bolt11);
  c.payment_hash = invoice.payment_hash;
  c.expires_at = invoice.expires_at;
  return c;
}

}  // namespace l402d::paywall
