#pragma once

// The one shared ledger of the simulated network: every invoice any node made,
// every payment any node (or an outside wallet) sent, and each node's balance.
// An invoice made through one API and paid through another is settled for all.
//
// One mutex, held only for map and vector work: invoices are signed before they
// reach the ledger, and events are handed to subscribers' queues, never to
// their sockets.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bolt11/invoice.hpp"
#include "lnsim/event_queue.hpp"
#include "lnsim/fee_policy.hpp"
#include "lnsim/records.hpp"
#include "util/expected.hpp"

namespace l402d::lnsim {

// Unix milliseconds from the system clock.
std::int64_t now_ms();

enum class AddError { duplicate_hash, duplicate_label };

struct PayRequest {
  std::optional<NodeKind> payer;  // nullopt: an outside wallet, which pays no fee
  std::string bolt11;
  Hash32 payment_hash{};
  Hash32 payment_addr{};
  bolt11::PublicKey destination{};
  std::uint64_t amount_msat = 0;  // what the payee receives
  std::optional<std::uint64_t> fee_limit_msat;
  bool allow_self_payment = false;
};

struct PayResult {
  enum class Kind {
    paid,          // `payment` succeeded just now
    already_paid,  // the payer had paid this hash before: `payment` is that payment
    failed,        // `payment` failed (and is recorded)
    refused,       // nothing was sent (self-payment): no record
  };
  Kind kind = Kind::failed;
  PaymentRecord payment;
};

// What an lnd SubscribeInvoices client asked to catch up on.
struct InvoiceBacklog {
  std::vector<InvoiceRecord> adds;     // add_index after the one asked for
  std::vector<InvoiceRecord> settles;  // settle_index after the one asked for
};

class Ledger {
 public:
  Ledger(FeePolicy fees, std::uint64_t initial_balance_msat,
         std::array<bolt11::PublicKey, kNodeCount> node_ids);

  const FeePolicy& fees() const { return fees_; }
  std::optional<NodeKind> node_with_id(const bolt11::PublicKey& id) const;
  const bolt11::PublicKey& node_id(NodeKind node) const { return node_ids_[index_of(node)]; }

  // Stores a signed invoice and gives it its node's next add_index. Hashes are
  // unique in the whole network, labels within their node.
  Expected<InvoiceRecord, AddError> add_invoice(InvoiceRecord invoice);

  // Lookups see only the node's own invoices, as a real node does.
  std::optional<InvoiceRecord> invoice(NodeKind node, const Hash32& payment_hash) const;
  std::optional<InvoiceRecord> invoice_by_label(NodeKind node, std::string_view label) const;
  std::vector<InvoiceRecord> invoices(NodeKind node) const;  // add order
  std::vector<InvoiceRecord> all_invoices() const;
  // The first invoice of `node` settled with settle_index > after.
  std::optional<InvoiceRecord> settled_after(NodeKind node, std::uint64_t after) const;

  PayResult pay(const PayRequest& request);

  std::vector<PaymentRecord> payments(NodeKind payer) const;
  std::vector<PaymentRecord> payments_for(NodeKind payer, const Hash32& payment_hash) const;
  std::vector<PaymentRecord> all_payments() const;

  std::uint64_t balance(NodeKind node) const;
  void set_balance(NodeKind node, std::uint64_t balance_msat);

  // /control/expire: the invoice expires now. False when unknown or not open.
  bool expire_now(const Hash32& payment_hash);
  // Announces invoices whose time ran out (lnd's expiry watcher). Called by a timer.
  void sweep_expired();

  void subscribe(const std::shared_ptr<EventQueue>& queue);
  // Subscribes and, under the same lock, lists what an lnd SubscribeInvoices
  // client asked to catch up on: adds after add_index, then settles after
  // settle_index (0: none). Nothing is lost or repeated between the two.
  InvoiceBacklog subscribe_with_backlog(const std::shared_ptr<EventQueue>& queue, NodeKind node,
                                        std::uint64_t add_index, std::uint64_t settle_index);

 private:
  struct Account {
    std::uint64_t balance_msat = 0;
    std::vector<InvoiceRecord*> by_add_index;     // [add_index - 1]
    std::vector<InvoiceRecord*> by_settle_index;  // [settle_index - 1]
    std::unordered_map<std::string, InvoiceRecord*> by_label;
    std::vector<PaymentRecord*> payments;  // [index - 1]
  };
  struct Expiry {
    std::int64_t at_ms;
    Hash32 payment_hash;
    bool operator>(const Expiry& o) const { return at_ms > o.at_ms; }
  };

  InvoiceRecord* find(const Hash32& payment_hash) const;
  const PaymentRecord* succeeded_payment(NodeKind payer, const Hash32& payment_hash) const;
  PaymentRecord& record_payment(const PayRequest& request, std::optional<NodeKind> payee);
  void settle(InvoiceRecord& invoice, std::uint64_t amount_msat, std::int64_t at_ms);
  void announce_expiry(InvoiceRecord& invoice);
  void publish(EventKind kind, NodeKind node, const InvoiceRecord* invoice,
               const PaymentRecord* payment);

  const FeePolicy fees_;
  const std::array<bolt11::PublicKey, kNodeCount> node_ids_;

  mutable std::mutex mutex_;
  std::unordered_map<Hash32, std::unique_ptr<InvoiceRecord>, HashOfHash32> invoices_;
  std::vector<std::unique_ptr<PaymentRecord>> payments_;
  std::array<Account, kNodeCount> accounts_;
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<>> expiries_;
  std::vector<std::weak_ptr<EventQueue>> subscribers_;
};

}  // namespace l402d::lnsim
