#include "lnsim/pay_support.hpp"

#include <algorithm>
#include <cctype>

namespace l402d::lnsim {

Expected<ReadInvoice, bolt11::DecodeError> read_invoice(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.starts_with("lightning:")) lower.erase(0, 10);
  auto decoded = bolt11::decode(
      text.starts_with("lightning:") || text.starts_with("LIGHTNING:") ? text.substr(10) : text);
  if (!decoded) return unexpected(decoded.error());
  return ReadInvoice{std::move(*decoded), std::move(lower)};
}

std::int64_t invoice_expires_at(const bolt11::Invoice& invoice) {
  return static_cast<std::int64_t>(invoice.expires_at());
}

bool invoice_expired(const bolt11::Invoice& invoice, std::int64_t now_ms) {
  return now_ms / 1000 > invoice_expires_at(invoice);
}

PayRequest pay_request(std::optional<NodeKind> payer, const ReadInvoice& read,
                       std::uint64_t amount_msat, std::optional<std::uint64_t> fee_limit_msat,
                       bool allow_self_payment) {
  PayRequest r;
  r.payer = payer;
  r.bolt11 = read.text;
  r.payment_hash = read.invoice.payment_hash;
  r.payment_addr = read.invoice.payment_secret;
  r.destination = read.invoice.payee;
  r.amount_msat = amount_msat;
  r.fee_limit_msat = fee_limit_msat;
  r.allow_self_payment = allow_self_payment;
  return r;
}

}  // namespace l402d::lnsim
