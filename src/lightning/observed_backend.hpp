#pragma once

// A Backend that reports how long each call to the node took and how it
// ended, then forwards it unchanged: a decorator, so no backend repeats the
// timing and this layer knows nothing of any metrics library (the caller's
// observer does). Waits for payment are forwarded untimed: they last as long
// as the buyer takes, which says nothing about the node.

#include <chrono>
#include <functional>
#include <string_view>

#include "lightning/backend.hpp"

namespace l402d::lightning {

// call: node_info, create_invoice, lookup_invoice; outcome: ok or a
// BackendErrorCode's name.
using NodeCallObserver = std::function<void(std::string_view call, std::string_view outcome,
                                            std::chrono::duration<double> elapsed)>;

class ObservedBackend final : public Backend {
 public:
  // `inner` must outlive this.
  ObservedBackend(Backend& inner, NodeCallObserver observe);

  std::string name() const override { return inner_.name(); }
  bool simulates_payments() const override { return inner_.simulates_payments(); }
  boost::asio::awaitable<NodeInfo> async_node_info() override;
  boost::asio::awaitable<CreatedInvoice> async_create_invoice(
      CreateInvoiceRequest request) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_lookup_invoice(
      Hash32 payment_hash) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_wait_invoice(
      Hash32 payment_hash, std::chrono::milliseconds timeout) override;
  DevPayments* dev_payments() override { return inner_.dev_payments(); }

 private:
  template <class Call>
  auto timed(std::string_view call, Call run) -> decltype(run());

  Backend& inner_;
  NodeCallObserver observe_;
};

}  // namespace l402d::lightning
