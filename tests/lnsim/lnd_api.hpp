#pragma once

// lnd v0.21's REST proxy, for the calls an L402 seller and buyer make:
//
//   GET  /v1/getinfo                          info:read
//   GET  /v1/balance/channels                 offchain:read
//   POST /v1/invoices                         invoices:write   (AddInvoice)
//   GET  /v1/invoice/{r_hash_str}             invoices:read    (hex hash)
//   GET  /v2/invoices/lookup?payment_hash=    invoices:read    (base64/base64url)
//   GET  /v1/invoices/subscribe               invoices:read    (stream)
//   GET  /v2/invoices/subscribe/{r_hash}      invoices:read    (stream, base64url)
//   POST /v2/router/send                      offchain:write   (SendPaymentV2, stream)
//   GET  /v2/router/track/{payment_hash}      offchain:read    (TrackPaymentV2, stream)
//
// The order of checks is the proxy's: routing, then the gateway's parsing of
// the body and parameters, then the macaroon (lnd's interceptor), then the
// RPC's own validation. Errors are rpcStatus bodies; lnd's own failures are
// plain Go errors, so code 2 (Unknown) and HTTP 500, as the real one answers.

#include "lnsim/http_exchange.hpp"
#include "lnsim/ledger.hpp"
#include "lnsim/lnd_macaroons.hpp"
#include "lnsim/node.hpp"

namespace l402d::lnsim {

class LndApi {
 public:
  LndApi(Ledger& ledger, const Node& node, const LndMacaroons& macaroons);

  boost::asio::awaitable<Reply> handle(Request& request, CallContext& ctx);

 private:
  struct Call;
  Reply get_info() const;
  Reply channel_balance() const;
  Reply add_invoice(const Call& call);
  Reply lookup_invoice(const Call& call) const;
  Reply lookup_invoice_v2(const Call& call) const;
  Reply subscribe_invoices(const Call& call);
  Reply subscribe_single_invoice(const Call& call);
  Reply send_payment(const Call& call);
  Reply track_payment(const Call& call) const;

  Ledger& ledger_;
  const Node& node_;
  const LndMacaroons& macaroons_;
};

}  // namespace l402d::lnsim
