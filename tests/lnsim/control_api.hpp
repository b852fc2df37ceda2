#pragma once

// The control port, for tests and scripts (plain HTTP, JSON):
//
//   POST /control/pay      {"bolt11": "...", "amount_msat": N?}  an outside wallet pays (no fee)
//   POST /control/offline  {"api": "lnd", "offline": true}       that API drops and refuses
//   POST /control/fault    {"api": "lnd", "fault": "garbage"}    that API's answers go bad
//                          (none | garbage | hangup)
//   POST /control/latency  {"ms": N}                             every API answer waits N ms
//   POST /control/expire   {"payment_hash": "<hex>"}             the invoice expires now
//   POST /control/balance  {"api": "lnd", "balance_msat": N}     set a node's balance
//   GET  /control/invoices                                       the ledger's invoices
//   GET  /control/payments                                       the ledger's payments
//   GET  /control/nodes                                          ids, balances, ports, offline,
//                                                                faults, held (open long polls,
//                                                                streams and WebSockets)
//
// Answers are 200 with JSON, 400 {"error"} for a bad request, 404 for an
// unknown invoice or path, 409 {"error", ...} for a payment that failed.

#include <array>
#include <atomic>
#include <boost/json/object.hpp>

#include "lnsim/http_exchange.hpp"
#include "lnsim/http_server.hpp"
#include "lnsim/ledger.hpp"
#include "lnsim/node.hpp"

namespace l402d::lnsim {

struct ControlTargets {
  Ledger* ledger = nullptr;
  std::atomic<int>* latency_ms = nullptr;
  std::array<HttpServer*, kNodeCount> servers{};
  std::array<const Node*, kNodeCount> nodes{};
};

class ControlApi {
 public:
  explicit ControlApi(ControlTargets targets);

  boost::asio::awaitable<Reply> handle(Request& request, CallContext& ctx);

 private:
  Reply pay(const boost::json::object& body);
  boost::asio::awaitable<Reply> offline(const boost::json::object& body);
  boost::asio::awaitable<Reply> fault(const boost::json::object& body);
  Reply latency(const boost::json::object& body);
  Reply expire(const boost::json::object& body);
  Reply balance(const boost::json::object& body);
  Reply invoices() const;
  Reply payments() const;
  Reply nodes() const;

  ControlTargets t_;
};

}  // namespace l402d::lnsim
