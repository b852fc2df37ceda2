#pragma once

// LNbits v1.x, one wallet, backed by an lnd funding source (as most are):
//
//   POST /api/v1/payments          out:false creates an invoice (invoice or admin
//                                  key), out:true pays one (admin key); 201 with
//                                  the full Payment object
//   GET  /api/v1/payments/{hash}   {"paid", "preimage", "status", "details"}
//   GET  /api/v1/wallet            {"name", "balance"} (+ "id" for the admin key)
//   WS   /api/v1/ws/{item}         the invoice or admin key: {"wallet_balance",
//                                  "payment"} on every settled payment; a payment
//                                  hash: {"pending", "status"}
//
// Keys arrive in X-Api-Key (or ?api-key=). Errors are FastAPI's {"detail": ...};
// payment and invoice failures answer 520 {"detail", "status"}.

#include <boost/json/object.hpp>
#include <string>

#include "lnsim/http_exchange.hpp"
#include "lnsim/ledger.hpp"
#include "lnsim/node.hpp"

namespace l402d::lnsim {

struct LnbitsWallet {
  std::string id;
  std::string name = "LNbits wallet";
  std::string admin_key;    // secret
  std::string invoice_key;  // secret
};

class LnbitsApi {
 public:
  LnbitsApi(Ledger& ledger, const Node& node, LnbitsWallet wallet);

  boost::asio::awaitable<Reply> handle(Request& request, CallContext& ctx);

 private:
  enum class Key { none, invoice, admin, unknown };
  Key key_of(const Request& request) const;
  Reply create_or_pay(const Request& request, Key key);
  Reply create_invoice(const boost::json::object& body);
  Reply pay_invoice(const boost::json::object& body);
  Reply payment_status(std::string_view hash_text, Key key) const;
  Reply wallet(Key key) const;
  Reply websocket(std::string item, CallContext& ctx);

  Ledger& ledger_;
  const Node& node_;
  const LnbitsWallet wallet_;
};

}  // namespace l402d::lnsim
