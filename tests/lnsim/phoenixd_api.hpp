#pragma once

// phoenixd v0.8's HTTP API (Api.kt): form parameters in, pretty-printed
// kotlinx JSON out, errors as plain text. Basic auth with any user name: the
// full-access password for everything, the limited one for everything but
// payinvoice.
//
//   GET  /getinfo, /getbalance
//   POST /createinvoice                      description|descriptionHash, amountSat,
//                                            expirySeconds, externalId
//   GET  /payments/incoming/{paymentHash}
//   POST /payinvoice                         invoice, amountSat (full access);
//                                            a failure is still 200 (PaymentFailed)
//   GET  /payments/outgoing/{paymentId}, /payments/outgoingbyhash/{paymentHash}
//   WS   /websocket                          {"type": "payment_received", ...}

#include <string>

#include "lnsim/http_exchange.hpp"
#include "lnsim/ledger.hpp"
#include "lnsim/node.hpp"

namespace l402d::lnsim {

struct PhoenixdPasswords {
  std::string full_access;     // secret
  std::string limited_access;  // secret
  std::string webhook_secret;  // secret; written to phoenix.conf, webhooks not simulated
};

class PhoenixdApi {
 public:
  PhoenixdApi(Ledger& ledger, const Node& node, PhoenixdPasswords passwords);

  boost::asio::awaitable<Reply> handle(Request& request, CallContext& ctx);

 private:
  enum class Access { none, limited, full };
  Access access_of(const Request& request) const;
  Reply get_info() const;
  Reply get_balance() const;
  Reply create_invoice(const Request& request);
  Reply incoming_payment(std::string_view hash_text) const;
  Reply pay_invoice(const Request& request);
  Reply outgoing_payment(std::string_view id, bool by_hash) const;
  Reply websocket(CallContext& ctx);

  Ledger& ledger_;
  const Node& node_;
  const PhoenixdPasswords passwords_;
};

}  // namespace l402d::lnsim
