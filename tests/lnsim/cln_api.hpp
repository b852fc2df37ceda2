#pragma once

// Core Lightning's clnrest (the Rust plugin in plugins/rest-plugin): every call
// is POST /v1/<method> with a Rune header and the named parameters as a JSON
// (or form) body; success is 201 with the RPC's result, RPC failures are 500
// with {code, message, data}; rune problems 401 (403 when missing); other
// verbs 405; unknown methods 404.
//
// Methods: getinfo, invoice, listinvoices, waitinvoice (long poll; 903 when it
// expires), waitanyinvoice (904 on timeout), xpay, pay (xpay answering in pay's
// shape, as xpay-handle-pay does), listpays, listsendpays, listfunds.

#include <string>

#include "lnsim/cln_rpc.hpp"
#include "lnsim/cln_runes.hpp"
#include "lnsim/http_exchange.hpp"
#include "lnsim/ledger.hpp"
#include "lnsim/node.hpp"

namespace l402d::lnsim {

class ClnApi {
 public:
  ClnApi(Ledger& ledger, const Node& node, const RuneMaster& runes, std::string lightning_dir);

  boost::asio::awaitable<Reply> handle(Request& request, CallContext& ctx);

 private:
  boost::asio::awaitable<cln::Result> dispatch(std::string_view method,
                                               const boost::json::object& params, CallContext& ctx);
  cln::Result getinfo() const;
  cln::Result invoice(const boost::json::object& params);
  cln::Result listinvoices(const boost::json::object& params) const;
  boost::asio::awaitable<cln::Result> waitinvoice(const boost::json::object& params,
                                                  CallContext& ctx);
  boost::asio::awaitable<cln::Result> waitanyinvoice(const boost::json::object& params,
                                                     CallContext& ctx);
  cln::Result pay(const boost::json::object& params, bool as_pay);
  cln::Result listpays(const boost::json::object& params, bool sendpays) const;
  cln::Result listfunds() const;

  Ledger& ledger_;
  const Node& node_;
  const RuneMaster& runes_;
  std::string lightning_dir_;
};

}  // namespace l402d::lnsim
