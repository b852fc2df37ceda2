#include "lightning/builtin_node.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "bolt11/codec.hpp"
#include "lightning/pushed_wait.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/secret_file.hpp"

namespace l402d::lightning {

namespace {

constexpr std::string_view kPreimageDomain = "l402d/builtin-node/preimage/v1";
constexpr std::uint64_t kMinFinalCltv = 18;
// How often a waiter re-reads the store for settlements made by another process.
constexpr std::chrono::milliseconds kStorePoll(100);

}  // namespace

std::string_view BuiltinNode::warning() {
  return "The builtin development Lightning node SIMULATES payments: no bitcoin moves, and "
         "anyone can get a preimage from POST /dev/pay. Configure a real node before selling.";
}

BuiltinNode::BuiltinNode(const bolt11::SecretKey& node_key, store::InvoiceStore& store, Clock now,
                         std::size_t remembered_invoices)
    : key_(node_key),
      store_(store),
      clock_(std::move(now)),
      remembered_capacity_(std::max<std::size_t>(1, remembered_invoices)) {
  if (!clock_) clock_ = unix_now;
  node_id_ = bolt11::public_key(key_);
  // A separate key, so that nothing computed from the preimages (which buyers
  // see) is ever keyed by the signing key itself.
  preimage_key_ = hmac_sha256(key_, kPreimageDomain);
}

BuiltinNode::~BuiltinNode() {
  secure_wipe(key_);
  secure_wipe(preimage_key_);
}

std::unique_ptr<BuiltinNode> BuiltinNode::open(const std::filesystem::path& data_dir,
                                               store::InvoiceStore& store, Clock now,
                                               std::size_t remembered_invoices) {
  return with_key(load_or_create_secret(data_dir / "node.key", 32), store, std::move(now),
                  remembered_invoices);
}

std::unique_ptr<BuiltinNode> BuiltinNode::open_shared(store::SecretStore& secrets,
                                                      store::InvoiceStore& store, Clock now,
                                                      std::size_t remembered_invoices) {
  return with_key(secrets.secret("node", 32), store, std::move(now), remembered_invoices);
}

std::unique_ptr<BuiltinNode> BuiltinNode::with_key(Bytes secret, store::InvoiceStore& store,
                                                   Clock now, std::size_t remembered_invoices) {
  bolt11::SecretKey key{};
  std::copy(secret.begin(), secret.end(), key.begin());
  secure_wipe(secret);
  auto node = std::make_unique<BuiltinNode>(key, store, std::move(now), remembered_invoices);
  secure_wipe(key);
  return node;
}

std::int64_t BuiltinNode::now() const {
  return clock_();
}

Hash32 BuiltinNode::preimage_for(const Hash32& payment_secret) const {
  return hmac_sha256(preimage_key_, payment_secret);
}

BuiltinNode::Made BuiltinNode::make_invoice(const CreateInvoiceRequest& request) const {
  if (request.amount_msat == 0) {
    throw BackendError(BackendErrorCode::rejected, "invoice amount must be positive");
  }
  if (request.expiry_seconds == 0) {
    throw BackendError(BackendErrorCode::rejected, "invoice expiry must be positive");
  }
  if (request.description.size() > kMaxDescriptionBytes) {
    throw BackendError(
        BackendErrorCode::rejected,
        "invoice description longer than " + std::to_string(kMaxDescriptionBytes) + " bytes");
  }
  bolt11::Invoice inv;
  inv.network = bolt11::Network::regtest;
  inv.amount_msat = request.amount_msat;
  inv.timestamp = static_cast<std::uint64_t>(now());
  inv.payment_secret = random_array<32>();
  Made made;
  made.preimage = preimage_for(inv.payment_secret);
  made.payment_hash = sha256(made.preimage);
  inv.payment_hash = made.payment_hash;
  inv.description = request.description;
  inv.expiry_seconds = request.expiry_seconds;
  inv.min_final_cltv_expiry_delta = kMinFinalCltv;
  // var_onion_optin and payment_secret, required: what LND sets on its invoices.
  inv.feature_bits = {8, 14};
  try {
    made.bolt11 = bolt11::encode(inv, key_);
  } catch (const std::invalid_argument& e) {
    // Only a clock beyond 2058 (35-bit timestamps) gets here after the checks above.
    secure_wipe(made.preimage);
    throw BackendError(BackendErrorCode::rejected,
                       std::string("cannot encode the invoice: ") + e.what());
  }
  made.created_at = static_cast<std::int64_t>(inv.timestamp);
  made.expires_at = static_cast<std::int64_t>(inv.expires_at());
  return made;
}

CreatedInvoice BuiltinNode::create_invoice(const CreateInvoiceRequest& request) {
  auto made = make_invoice(request);
  secure_wipe(made.preimage);
  remember(made.payment_hash, Issued{request.amount_msat, made.expires_at});
  return CreatedInvoice{std::move(made.bolt11), made.payment_hash, made.expires_at};
}

void BuiltinNode::remember(const Hash32& payment_hash, Issued issued) {
  std::lock_guard lock(issued_mutex_);
  if (issued_.size() < remembered_capacity_) {
    issued_.push_back(IssuedEntry{payment_hash, issued});
    return;
  }
  issued_[issued_next_] = IssuedEntry{payment_hash, issued};
  issued_next_ = (issued_next_ + 1) % remembered_capacity_;
}

std::optional<BuiltinNode::Issued> BuiltinNode::remembered(const Hash32& payment_hash) const {
  std::lock_guard lock(issued_mutex_);
  for (const auto& entry : issued_) {
    if (entry.payment_hash == payment_hash) return entry.issued;
  }
  return std::nullopt;
}

std::optional<InvoiceStatus> BuiltinNode::lookup_invoice(const Hash32& payment_hash) {
  InvoiceStatus status;
  std::int64_t expires_at = 0;
  if (auto record = store_.find_invoice(payment_hash)) {
    status.state = record->state;
    status.amount_msat = record->amount_msat;
    status.settled_at = record->settled_at;
    if (record->state == InvoiceState::settled) status.preimage = record->preimage;
    expires_at = record->expires_at;
  } else if (auto issued = remembered(payment_hash)) {
    status.state = InvoiceState::open;
    status.amount_msat = issued->amount_msat;
    expires_at = issued->expires_at;
  } else {
    return std::nullopt;
  }
  if (status.state == InvoiceState::open && now() >= expires_at) {
    status.state = InvoiceState::expired;
  }
  return status;
}

Expected<Hash32, SettleError> BuiltinNode::settle(std::string_view text) {
  auto decoded = bolt11::decode(text);
  if (!decoded) return unexpected(SettleError::not_an_invoice);
  const auto& inv = *decoded;
  if (inv.network != bolt11::Network::regtest) return unexpected(SettleError::wrong_network);
  if (inv.payee != node_id_) return unexpected(SettleError::foreign);
  if (!inv.amount_msat || *inv.amount_msat == 0) return unexpected(SettleError::no_amount);
  Hash32 preimage = preimage_for(inv.payment_secret);
  // Signed by our key but not ours to pay: never happens unless the key leaked.
  if (sha256(preimage) != inv.payment_hash) return unexpected(SettleError::foreign);

  const auto expires_at = static_cast<std::int64_t>(inv.expires_at());
  auto record = store_.find_invoice(inv.payment_hash);
  if (!record || record->state == store::InvoiceState::open) {
    const std::int64_t t = now();
    if (t >= expires_at) return unexpected(SettleError::expired);
    if (!record) {
      // The usual case: rows are written when an invoice is paid, not when it is
      // made (see builtin_node.hpp). The derived preimage is all a payment needs.
      store::InvoiceRecord r;
      r.payment_hash = inv.payment_hash;
      r.preimage = preimage;
      r.bolt11 = std::string(text);
      r.amount_msat = *inv.amount_msat;
      r.description = inv.description.value_or("");
      r.created_at = static_cast<std::int64_t>(inv.timestamp);
      r.expires_at = expires_at;
      try {
        store_.insert_invoice(r);
      } catch (const std::exception&) {
        secure_wipe(r.preimage);
        // Losing the race to another settle is fine; any other failure is not.
        if (!store_.find_invoice(inv.payment_hash)) throw;
      }
      secure_wipe(r.preimage);
    }
    if (store_.settle_invoice(inv.payment_hash, t)) {
      notify_settled();
      waiters_.notify(inv.payment_hash,
                      InvoiceStatus{InvoiceState::settled, *inv.amount_msat, t, preimage});
      return preimage;
    }
    // Not open any more: another thread settled or cancelled it since we looked.
    record = store_.find_invoice(inv.payment_hash);
    if (!record) throw std::runtime_error("builtin node: the invoice row vanished while settling");
  }
  switch (record->state) {
    case store::InvoiceState::settled:
      return preimage;
    case store::InvoiceState::cancelled:
      return unexpected(SettleError::cancelled);
    case store::InvoiceState::expired:
      return unexpected(SettleError::expired);
    case store::InvoiceState::open:
      break;
  }
  throw std::runtime_error("builtin node: the store refused to settle an open invoice");
}

void BuiltinNode::settled_elsewhere(const Hash32& payment_hash) {
  const auto status = lookup_invoice(payment_hash);
  if (!status || status->state != InvoiceState::settled) return;
  notify_settled();
  waiters_.notify(payment_hash, *status);
}

void BuiltinNode::notify_settled() {
  {
    std::lock_guard lock(mutex_);
    ++settlements_;
  }
  settled_.notify_all();
}

bool BuiltinNode::wait_for_settlement(const Hash32& payment_hash,
                                      std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      seen = settlements_;
    }
    // No lock held across the store read: it may block on SQLite's busy timeout.
    if (auto record = store_.find_invoice(payment_hash)) {
      switch (record->state) {
        case store::InvoiceState::settled:
          return true;
        case store::InvoiceState::cancelled:
        case store::InvoiceState::expired:
          return false;
        case store::InvoiceState::open:
          if (now() >= record->expires_at) return false;
          break;
      }
    } else if (auto issued = remembered(payment_hash); issued && now() >= issued->expires_at) {
      return false;
    }
    const auto steady_now = std::chrono::steady_clock::now();
    if (steady_now >= deadline) return false;
    std::unique_lock lock(mutex_);
    settled_.wait_until(lock, std::min(deadline, steady_now + kStorePoll),
                        [&] { return settlements_ != seen; });
  }
}

boost::asio::awaitable<NodeInfo> BuiltinNode::async_node_info() {
  co_return NodeInfo{"l402d builtin development node", to_hex(ByteView(node_id_)),
                     bolt11::Network::regtest, ""};
}

boost::asio::awaitable<CreatedInvoice> BuiltinNode::async_create_invoice(
    CreateInvoiceRequest request) {
  co_return create_invoice(request);
}

boost::asio::awaitable<std::optional<InvoiceStatus>> BuiltinNode::async_lookup_invoice(
    Hash32 payment_hash) {
  co_return lookup_invoice(payment_hash);
}

boost::asio::awaitable<std::optional<InvoiceStatus>> BuiltinNode::async_wait_invoice(
    Hash32 payment_hash, std::chrono::milliseconds timeout) {
  // settle() in this process wakes waiters at once, and so does a settlement
  // by another instance on PostgreSQL (settled_elsewhere, from the store's
  // feed); the half-second recheck covers a lost feed and processes that
  // share a SQLite file (`l402d dev-pay`), which have none.
  return wait_pushed(
      waiters_,
      [this](Hash32 h) -> boost::asio::awaitable<std::optional<InvoiceStatus>> {
        co_return lookup_invoice(h);
      },
      payment_hash, timeout, std::chrono::milliseconds(500));
}

}  // namespace l402d::lightning
