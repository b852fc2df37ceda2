#include "client/pay_outcome.hpp"

#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::client {

PayResult failed_payment(std::string message) {
  PayResult r;
  r.status = PayResult::Status::failed;
  r.message = std::move(message);
  return r;
}

PayResult unknown_payment(std::string message) {
  PayResult r;
  r.status = PayResult::Status::unknown;
  r.message = std::move(message);
  return r;
}

PayResult paid_with(std::string_view preimage_hex, const bolt11::Invoice& invoice,
                    std::optional<std::uint64_t> fee_msat, std::string_view wallet) {
  auto preimage = from_hex_array<32>(preimage_hex);
  if (!preimage) {
    return unknown_payment(std::string(wallet) + " reported the payment as paid without a valid " +
                           "preimage");
  }
  // A preimage that does not hash to the invoice proves nothing: never build
  // a credential from it.
  if (sha256(*preimage) != invoice.payment_hash) {
    return unknown_payment(std::string(wallet) +
                           " returned a preimage that does not match the invoice's payment hash");
  }
  PayResult r;
  r.status = PayResult::Status::succeeded;
  r.preimage = *preimage;
  r.fee_msat = fee_msat;
  return r;
}

PayResult pay_transport_error(const net::HttpError& e, std::string_view wallet) {
  if (e.kind() == net::HttpError::Kind::connect || e.kind() == net::HttpError::Kind::tls) {
    return failed_payment("could not reach " + std::string(wallet) + " (" + e.what() +
                          "); nothing was sent");
  }
  return unknown_payment("no answer from " + std::string(wallet) + " after the payment was sent (" +
                         e.what() + ")");
}

std::optional<PayResult> refuse_other_network(const Wallet& wallet,
                                              const bolt11::Invoice& invoice) {
  auto net = wallet.network();
  if (!net || *net == invoice.network) return std::nullopt;
  return failed_payment("the invoice is for " + std::string(network_name(invoice.network)) +
                        ", but the " + wallet.name() + " wallet pays on " +
                        std::string(network_name(*net)) + "; nothing was sent");
}

}  // namespace l402d::client
