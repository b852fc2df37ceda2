#pragma once

// The builtin development node: the default backend, so that l402d runs
// offline with nothing else installed. It makes real, signed regtest (lnbcrt)
// BOLT11 invoices with its own key, and "pays" them on request (settle), which
// is how tests, demos and POST /dev/pay work. No bitcoin ever moves.
//
// The preimage of each invoice is HMAC(preimage key, payment secret), the
// preimage key being derived from the node key. A payment of any invoice this
// node made can therefore be simulated without any database row, and nobody
// without the node key can compute a preimage from an invoice.
//
// So making an invoice writes nothing: the 402 path costs one signature and no
// disk write, and unauthenticated requests cannot grow the database. The row
// is written when the invoice is paid (settle), which is the state that must
// survive a restart. Unpaid invoices made by this process are remembered in a
// bounded table, only so that lookup_invoice and wait_for_settlement can
// answer "open" or "expired" for them; after a restart (or once more than
// kRememberedInvoices newer ones were made) an unpaid invoice looks unknown,
// and paying it still works. The table is a ring written once per challenge
// and searched only by those lookups (tests and tools, never a request): a
// hash map cost a node allocation and cache misses on every 402.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bolt11/invoice.hpp"
#include "lightning/backend.hpp"
#include "lightning/dev_payments.hpp"
#include "lightning/invoice_waiters.hpp"
#include "store/invoice_store.hpp"
#include "store/secret_store.hpp"
#include "util/expected.hpp"

namespace l402d::lightning {

class BuiltinNode final : public Backend, public DevPayments {
 public:
  using Clock = std::function<std::int64_t()>;  // unix seconds

  // `store` must outlive the node. An empty clock means the system clock.
  // `remembered_invoices`: how many unpaid invoices lookups know (top comment).
  BuiltinNode(const bolt11::SecretKey& node_key, store::InvoiceStore& store, Clock now = {},
              std::size_t remembered_invoices = kRememberedInvoices);
  ~BuiltinNode() override;
  BuiltinNode(const BuiltinNode&) = delete;
  BuiltinNode& operator=(const BuiltinNode&) = delete;
  // Loads `<data_dir>/node.key` (creating it, mode 0600) and builds the node.
  static std::unique_ptr<BuiltinNode> open(const std::filesystem::path& data_dir,
                                           store::InvoiceStore& store, Clock now = {},
                                           std::size_t remembered_invoices = kRememberedInvoices);
  // Builds the node with the key the shared store keeps under "node" (created
  // by the first instance), so that instances sharing one database are one node.
  static std::unique_ptr<BuiltinNode> open_shared(
      store::SecretStore& secrets, store::InvoiceStore& store, Clock now = {},
      std::size_t remembered_invoices = kRememberedInvoices);

  std::string name() const override { return "builtin"; }
  bool simulates_payments() const override { return true; }
  boost::asio::awaitable<NodeInfo> async_node_info() override;
  // create_invoice, inline: one signature, no I/O.
  boost::asio::awaitable<CreatedInvoice> async_create_invoice(
      CreateInvoiceRequest request) override;
  // lookup_invoice, inline: a read of the local store.
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_lookup_invoice(
      Hash32 payment_hash) override;
  // Woken by settle() in this process at once; a settlement by another process
  // sharing the store is seen within half a second.
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_wait_invoice(
      Hash32 payment_hash, std::chrono::milliseconds timeout) override;

  // The same, for callers without an event loop (tools, tests).
  // make_invoice, remembered in memory; no I/O. BackendError(rejected) for a
  // request no invoice can carry.
  CreatedInvoice create_invoice(const CreateInvoiceRequest& request);
  std::optional<InvoiceStatus> lookup_invoice(const Hash32& payment_hash);
  // Blocks; true once settled.
  bool wait_for_settlement(const Hash32& payment_hash, std::chrono::milliseconds timeout);

  DevPayments* dev_payments() override { return this; }

  // DevPayments. Paying twice returns the same preimage even after expiry.
  // Works for any invoice this node made, with or without its store row.
  Expected<Hash32, SettleError> settle(std::string_view bolt11) override;
  void settled_elsewhere(const Hash32& payment_hash) override;

  const bolt11::PublicKey& node_id() const { return node_id_; }
  static std::string_view warning();

  // The pure part of create_invoice: builds and signs, touches no storage.
  // Public because it is the challenge path's main cost and is benchmarked.
  // Throws BackendError(rejected) for a zero amount or expiry, or a
  // description longer than kMaxDescriptionBytes.
  struct Made {
    std::string bolt11;
    Hash32 payment_hash{};
    Hash32 preimage{};
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
  };
  Made make_invoice(const CreateInvoiceRequest& request) const;
  // One BOLT11 field holds at most 1023 five-bit words.
  static constexpr std::size_t kMaxDescriptionBytes = 1023 * 5 / 8;
  // About 80 bytes each: a few MB at most, however fast challenges come.
  static constexpr std::size_t kRememberedInvoices = 1 << 16;

 private:
  Hash32 preimage_for(const Hash32& payment_secret) const;
  // Builds the node from 32 key bytes, which it wipes.
  static std::unique_ptr<BuiltinNode> with_key(Bytes secret, store::InvoiceStore& store, Clock now,
                                               std::size_t remembered_invoices);
  std::int64_t now() const;
  void notify_settled();
  struct Issued {
    std::uint64_t amount_msat = 0;
    std::int64_t expires_at = 0;
  };
  struct IssuedEntry {
    Hash32 payment_hash{};
    Issued issued;
  };
  void remember(const Hash32& payment_hash, Issued issued);
  std::optional<Issued> remembered(const Hash32& payment_hash) const;

  bolt11::SecretKey key_;
  bolt11::PublicKey node_id_{};
  Hash32 preimage_key_{};
  store::InvoiceStore& store_;
  Clock clock_;
  std::mutex mutex_;
  std::condition_variable settled_;
  InvoiceWaiters waiters_;
  // Bumped on every settlement under mutex_: a waiter remembers it before
  // reading the store, so a settlement between its read and its wait is not lost.
  std::uint64_t settlements_ = 0;

  // Unpaid invoices of this process, oldest first out (see the top comment).
  std::size_t remembered_capacity_;
  mutable std::mutex issued_mutex_;
  std::vector<IssuedEntry> issued_;  // a ring of remembered_capacity_ entries
  std::size_t issued_next_ = 0;      // the slot the next one takes once the ring is full
};

// [lightning.builtin]: the development node's own table. The key stays
// <data_dir>/node.key: it is as much part of the data directory as the store;
// with a shared store (PostgreSQL) it is the store's secret "node".
struct BuiltinNodeConfig {
  static constexpr std::string_view kName = "builtin";
  std::size_t remembered_invoices = BuiltinNode::kRememberedInvoices;
};

}  // namespace l402d::lightning
