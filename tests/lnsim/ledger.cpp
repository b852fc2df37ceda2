#include "lnsim/ledger.hpp"

#include <algorithm>
#include <chrono>

#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim {

namespace {

constexpr std::size_t kExpectedInvoices = 1 << 18;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A random (version 4) UUID, as phoenixd names its payments.
std::string random_uuid() {
  auto b = random_array<16>();
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
  const std::string h = to_hex(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

}  // namespace

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Ledger::Ledger(FeePolicy fees, std::uint64_t initial_balance_msat,
               std::array<bolt11::PublicKey, kNodeCount> node_ids)
    : fees_(fees), node_ids_(node_ids) {
  for (auto& account : accounts_)
    account.balance_msat = initial_balance_msat;
  // A benchmark adds invoices by the hundred thousand: grow in few, early steps
  // rather than rehash a large table under the lock.
  invoices_.reserve(kExpectedInvoices);
}

std::optional<NodeKind> Ledger::node_with_id(const bolt11::PublicKey& id) const {
  for (const NodeKind k : kAllNodes) {
    if (node_ids_[index_of(k)] == id) return k;
  }
  return std::nullopt;
}

InvoiceRecord* Ledger::find(const Hash32& payment_hash) const {
  auto it = invoices_.find(payment_hash);
  return it == invoices_.end() ? nullptr : it->second.get();
}

Expected<InvoiceRecord, AddError> Ledger::add_invoice(InvoiceRecord invoice) {
  std::lock_guard lock(mutex_);
  if (invoices_.contains(invoice.payment_hash)) return unexpected(AddError::duplicate_hash);
  Account& account = accounts_[index_of(invoice.node)];
  if (!invoice.label.empty() && account.by_label.contains(invoice.label)) {
    return unexpected(AddError::duplicate_label);
  }
  auto owned = std::make_unique<InvoiceRecord>(std::move(invoice));
  InvoiceRecord* stored = owned.get();
  stored->add_index = account.by_add_index.size() + 1;
  account.by_add_index.push_back(stored);
  if (!stored->label.empty()) account.by_label.emplace(stored->label, stored);
  expiries_.push(Expiry{stored->expires_at_ms, stored->payment_hash});
  invoices_.emplace(stored->payment_hash, std::move(owned));
  publish(EventKind::invoice_added, stored->node, stored, nullptr);
  return *stored;
}

std::optional<InvoiceRecord> Ledger::invoice(NodeKind node, const Hash32& payment_hash) const {
  std::lock_guard lock(mutex_);
  const InvoiceRecord* found = find(payment_hash);
  if (found == nullptr || found->node != node) return std::nullopt;
  return *found;
}

std::optional<InvoiceRecord> Ledger::invoice_by_label(NodeKind node, std::string_view label) const {
  std::lock_guard lock(mutex_);
  const Account& account = accounts_[index_of(node)];
  auto it = account.by_label.find(std::string(label));
  if (it == account.by_label.end()) return std::nullopt;
  return *it->second;
}

std::vector<InvoiceRecord> Ledger::invoices(NodeKind node) const {
  std::lock_guard lock(mutex_);
  std::vector<InvoiceRecord> out;
  const Account& account = accounts_[index_of(node)];
  out.reserve(account.by_add_index.size());
  for (const InvoiceRecord* r : account.by_add_index)
    out.push_back(*r);
  return out;
}

std::vector<InvoiceRecord> Ledger::all_invoices() const {
  std::vector<InvoiceRecord> out;
  for (const NodeKind k : kAllNodes) {
    auto some = invoices(k);
    out.insert(out.end(), std::make_move_iterator(some.begin()),
               std::make_move_iterator(some.end()));
  }
  std::stable_sort(out.begin(), out.end(), [](const InvoiceRecord& a, const InvoiceRecord& b) {
    return a.created_at_ms < b.created_at_ms;
  });
  return out;
}

std::optional<InvoiceRecord> Ledger::settled_after(NodeKind node, std::uint64_t after) const {
  std::lock_guard lock(mutex_);
  const Account& account = accounts_[index_of(node)];
  if (after >= account.by_settle_index.size()) return std::nullopt;
  return *account.by_settle_index[after];
}

const PaymentRecord* Ledger::succeeded_payment(NodeKind payer, const Hash32& payment_hash) const {
  for (const PaymentRecord* p : accounts_[index_of(payer)].payments) {
    if (p->payment_hash == payment_hash && p->status == PaymentStatus::succeeded) return p;
  }
  return nullptr;
}

PaymentRecord& Ledger::record_payment(const PayRequest& request, std::optional<NodeKind> payee) {
  auto owned = std::make_unique<PaymentRecord>();
  PaymentRecord& p = *owned;
  p.id = payments_.size() + 1;
  p.payer = request.payer;
  p.payee = payee;
  p.payment_hash = request.payment_hash;
  p.payment_addr = request.payment_addr;
  p.destination = request.destination;
  p.bolt11 = request.bolt11;
  p.uuid = random_uuid();
  p.amount_msat = request.amount_msat;
  p.created_at_ns = now_ns();
  if (request.payer) {
    Account& account = accounts_[index_of(*request.payer)];
    p.index = account.payments.size() + 1;
    account.payments.push_back(&p);
  }
  payments_.push_back(std::move(owned));
  return p;
}

void Ledger::settle(InvoiceRecord& invoice, std::uint64_t amount_msat, std::int64_t at_ms) {
  Account& account = accounts_[index_of(invoice.node)];
  invoice.state = InvoiceState::settled;
  invoice.settled_at_ms = at_ms;
  invoice.amount_paid_msat = amount_msat;
  invoice.settle_index = account.by_settle_index.size() + 1;
  account.by_settle_index.push_back(&invoice);
  account.balance_msat += amount_msat;
}

PayResult Ledger::pay(const PayRequest& request) {
  std::lock_guard lock(mutex_);
  PayResult result;
  const std::optional<NodeKind> payee = node_with_id(request.destination);
  const bool self_payment = payee && request.payer == payee;
  if (self_payment && !request.allow_self_payment) {
    result.kind = PayResult::Kind::refused;
    result.payment.failure = PaymentFailure::self_payment;
    return result;
  }
  if (request.payer) {
    if (const PaymentRecord* earlier = succeeded_payment(*request.payer, request.payment_hash)) {
      result.kind = PayResult::Kind::already_paid;
      result.payment = *earlier;
      return result;
    }
  }

  PaymentRecord& p = record_payment(request, payee);
  InvoiceRecord* invoice = find(request.payment_hash);
  const std::int64_t at_ms = now_ms();
  const bool charged = request.payer.has_value() && !self_payment;
  p.fee_msat = charged ? fees_.fee_for(request.amount_msat) : 0;

  if (!payee) {
    p.failure = PaymentFailure::no_route;
  } else if (charged && request.fee_limit_msat && p.fee_msat > *request.fee_limit_msat) {
    p.failure = PaymentFailure::fee_limit;
  } else if (request.payer &&
             accounts_[index_of(*request.payer)].balance_msat < request.amount_msat + p.fee_msat) {
    p.failure = PaymentFailure::insufficient_balance;
  } else if (invoice == nullptr || invoice->node != *payee ||
             invoice->status(at_ms) != InvoiceStatus::open ||
             (invoice->amount_msat && request.amount_msat < *invoice->amount_msat)) {
    // The payee's answer to an HTLC it cannot settle:
    // incorrect_or_unknown_payment_details.
    p.failure = PaymentFailure::rejected;
  }
  p.completed_at_ns = now_ns();
  if (p.failure != PaymentFailure::none) {
    p.fee_msat = 0;
    p.status = PaymentStatus::failed;
    result.kind = PayResult::Kind::failed;
    result.payment = p;
    if (request.payer) publish(EventKind::payment_done, *request.payer, nullptr, &p);
    return result;
  }

  if (request.payer)
    accounts_[index_of(*request.payer)].balance_msat -= request.amount_msat + p.fee_msat;
  settle(*invoice, request.amount_msat, at_ms);
  p.status = PaymentStatus::succeeded;
  p.preimage = invoice->preimage;
  publish(EventKind::invoice_settled, invoice->node, invoice, nullptr);
  if (request.payer) publish(EventKind::payment_done, *request.payer, nullptr, &p);
  result.kind = PayResult::Kind::paid;
  result.payment = p;
  return result;
}

std::vector<PaymentRecord> Ledger::payments(NodeKind payer) const {
  std::lock_guard lock(mutex_);
  std::vector<PaymentRecord> out;
  for (const PaymentRecord* p : accounts_[index_of(payer)].payments)
    out.push_back(*p);
  return out;
}

std::vector<PaymentRecord> Ledger::payments_for(NodeKind payer, const Hash32& payment_hash) const {
  std::lock_guard lock(mutex_);
  std::vector<PaymentRecord> out;
  for (const PaymentRecord* p : accounts_[index_of(payer)].payments) {
    if (p->payment_hash == payment_hash) out.push_back(*p);
  }
  return out;
}

std::vector<PaymentRecord> Ledger::all_payments() const {
  std::lock_guard lock(mutex_);
  std::vector<PaymentRecord> out;
  out.reserve(payments_.size());
  for (const auto& p : payments_)
    out.push_back(*p);
  return out;
}

std::uint64_t Ledger::balance(NodeKind node) const {
  std::lock_guard lock(mutex_);
  return accounts_[index_of(node)].balance_msat;
}

void Ledger::set_balance(NodeKind node, std::uint64_t balance_msat) {
  std::lock_guard lock(mutex_);
  accounts_[index_of(node)].balance_msat = balance_msat;
}

void Ledger::announce_expiry(InvoiceRecord& invoice) {
  invoice.expiry_announced = true;
  publish(EventKind::invoice_expired, invoice.node, &invoice, nullptr);
}

bool Ledger::expire_now(const Hash32& payment_hash) {
  std::lock_guard lock(mutex_);
  InvoiceRecord* invoice = find(payment_hash);
  const std::int64_t at_ms = now_ms();
  if (invoice == nullptr || invoice->status(at_ms) != InvoiceStatus::open) return false;
  invoice->expires_at_ms = at_ms;
  announce_expiry(*invoice);
  return true;
}

void Ledger::sweep_expired() {
  std::lock_guard lock(mutex_);
  const std::int64_t at_ms = now_ms();
  while (!expiries_.empty() && expiries_.top().at_ms <= at_ms) {
    const Hash32 hash = expiries_.top().payment_hash;
    expiries_.pop();
    InvoiceRecord* invoice = find(hash);
    if (invoice != nullptr && invoice->state == InvoiceState::open && !invoice->expiry_announced) {
      announce_expiry(*invoice);
    }
  }
}

void Ledger::subscribe(const std::shared_ptr<EventQueue>& queue) {
  std::lock_guard lock(mutex_);
  subscribers_.push_back(queue);
}

InvoiceBacklog Ledger::subscribe_with_backlog(const std::shared_ptr<EventQueue>& queue,
                                              NodeKind node, std::uint64_t add_index,
                                              std::uint64_t settle_index) {
  std::lock_guard lock(mutex_);
  subscribers_.push_back(queue);
  InvoiceBacklog backlog;
  const Account& account = accounts_[index_of(node)];
  if (add_index > 0) {
    for (std::size_t i = add_index; i < account.by_add_index.size(); ++i)
      backlog.adds.push_back(*account.by_add_index[i]);
  }
  if (settle_index > 0) {
    for (std::size_t i = settle_index; i < account.by_settle_index.size(); ++i)
      backlog.settles.push_back(*account.by_settle_index[i]);
  }
  return backlog;
}

// Under mutex_. Snapshots are made only when someone listens: the invoice path
// at benchmark rates usually has no subscriber.
void Ledger::publish(EventKind kind, NodeKind node, const InvoiceRecord* invoice,
                     const PaymentRecord* payment) {
  if (subscribers_.empty()) return;
  LedgerEvent event;
  event.kind = kind;
  event.node = node;
  event.balance_msat = accounts_[index_of(node)].balance_msat;
  bool snapshot_taken = false;
  std::erase_if(subscribers_, [&](const std::weak_ptr<EventQueue>& weak) {
    auto queue = weak.lock();
    if (!queue || queue->closed()) return true;
    if (!queue->wants(event)) return false;
    if (!snapshot_taken) {
      if (invoice) event.invoice = std::make_shared<const InvoiceRecord>(*invoice);
      if (payment) event.payment = std::make_shared<const PaymentRecord>(*payment);
      snapshot_taken = true;
    }
    queue->push(event);
    return false;
  });
}

}  // namespace l402d::lnsim
