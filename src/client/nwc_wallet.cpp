#include "client/nwc_wallet.hpp"

#include "client/pay_outcome.hpp"
#include "util/hex.hpp"
#include "util/run_blocking.hpp"

namespace l402d::client {

namespace nip47 = nostr::nip47;

namespace {

PayResult outcome_of_refusal(const nip47::WalletError& e) {
  // The wallet answered: whatever it refused was not paid.
  return failed_payment("the NWC wallet refused: " + e.code_text + " (" + e.message + ")");
}

}  // namespace

NwcWallet::NwcWallet(nostr::NwcUri uri, nwc::NwcClientOptions options, std::chrono::seconds timeout,
                     std::chrono::seconds pay_timeout)
    : client_(std::move(uri), std::move(options)), timeout_(timeout), pay_timeout_(pay_timeout) {}

PayResult NwcWallet::pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                         std::uint64_t max_fee_msat) {
  (void)max_fee_msat;  // NIP-47 has no fee limit: see the header
  nip47::PayInvoiceRequest p;
  p.invoice = bolt11;
  nip47::Request request = std::move(p);
  nip47::Response response;
  try {
    response = run_blocking(client_.call(std::move(request), pay_timeout_));
  } catch (const nwc::NwcError& e) {
    // The wallet never heard of it: no info event (nothing was sent), or the
    // relay refused the request event.
    if (e.kind() == nwc::NwcError::Kind::refused || e.kind() == nwc::NwcError::Kind::unreachable) {
      return failed_payment(std::string(e.what()) + "; nothing was sent");
    }
    return unknown_payment(std::string("no answer from the NWC wallet: ") + e.what());
  }
  if (const auto* e = std::get_if<nip47::WalletError>(&response.outcome)) {
    return outcome_of_refusal(*e);
  }
  const auto& paid = std::get<nip47::PayInvoiceResult>(response.outcome);
  return paid_with(paid.preimage, decoded, paid.fees_paid_msat, "the NWC wallet");
}

PayResult NwcWallet::status(const std::string& bolt11, const bolt11::Invoice& decoded) {
  nip47::LookupInvoiceRequest lookup;
  lookup.payment_hash = to_hex(decoded.payment_hash);
  lookup.invoice = bolt11;
  nip47::Request request = std::move(lookup);
  nip47::Response response;
  try {
    response = run_blocking(client_.call(std::move(request), timeout_));
  } catch (const nwc::NwcError& e) {
    return unknown_payment(std::string("the NWC wallet did not say how the payment ended: ") +
                           e.what());
  }
  if (const auto* e = std::get_if<nip47::WalletError>(&response.outcome)) {
    if (e->code == nip47::WalletErrorCode::not_found) {
      return failed_payment("the NWC wallet has no payment of this invoice: it was never sent");
    }
    return unknown_payment("the NWC wallet did not say how the payment ended: " + e->code_text);
  }
  const auto& t = std::get<nip47::LookupInvoiceResult>(response.outcome).transaction;
  if (t.settled() && t.preimage) {
    return paid_with(*t.preimage, decoded, t.fees_paid_msat, "the NWC wallet");
  }
  if (t.state == nip47::TransactionState::failed || t.state == nip47::TransactionState::expired) {
    return failed_payment("the NWC wallet says the payment failed");
  }
  return unknown_payment("the NWC wallet says the payment is still pending");
}

std::unique_ptr<Wallet> make_nwc_wallet(const WalletSettingsReader& settings,
                                        const WalletContext& context) {
  (void)context;  // NWC talks to its relay, not to the server
  settings.allow_only({"uri", "uri_path", "relay_tls_cert_path"});
  auto text = settings.secret("uri", "uri_path");
  if (!text) {
    throw WalletError("the nwc wallet needs its connection URI: set " + settings.describe("uri") +
                      " or " + settings.describe("uri_path"));
  }
  auto uri = nostr::parse_nwc_uri(*text);
  if (!uri) throw WalletError(settings.describe("uri") + ": " + uri.error().message);
  nwc::NwcClientOptions options;
  options.websocket.pinned_cert_file = settings.path("relay_tls_cert_path").value_or("");
  const auto timeout = settings.seconds("timeout_seconds", std::chrono::seconds(30));
  options.info_timeout = timeout;
  return std::make_unique<NwcWallet>(
      std::move(*uri), std::move(options), timeout,
      settings.seconds("pay_timeout_seconds", std::chrono::seconds(60)));
}

}  // namespace l402d::client
