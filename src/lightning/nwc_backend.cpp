#include "lightning/nwc_backend.hpp"

#include "bolt11/network_name.hpp"
#include "lightning/pushed_wait.hpp"
#include "lightning/secret_source.hpp"
#include "nwc/nwc_client.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lightning {

namespace nip47 = nostr::nip47;
using std::chrono::milliseconds;

namespace {

nostr::NwcUri read_uri(const NwcConfig& c) {
  auto text = read_secret({"L402D_NWC_URI", c.uri_path, "the NWC connection URI"});
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  auto uri = nostr::parse_nwc_uri(text);
  secure_wipe(std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(text.data()), text.size()));
  if (!uri) throw BackendError(BackendErrorCode::unauthorized, uri.error().message);
  return std::move(*uri);
}

nwc::NwcClientOptions client_options(const NwcConfig& c) {
  nwc::NwcClientOptions o;
  o.websocket.pinned_cert_file = c.relay_tls_cert_path.string();
  o.info_timeout = c.timeout;
  return o;
}

[[noreturn]] void wallet_refused(const nip47::WalletError& e, std::string_view what) {
  using C = nip47::WalletErrorCode;
  const auto code =
      e.code == C::unauthorized || e.code == C::restricted ? BackendErrorCode::unauthorized
      : e.code == C::internal || e.code == C::rate_limited ? BackendErrorCode::unavailable
                                                           : BackendErrorCode::rejected;
  throw BackendError(code, "NWC " + std::string(what) + ": " + e.code_text + ": " + e.message);
}

// Calls the wallet, mapping transport failures onto BackendError.
boost::asio::awaitable<nip47::Response> call(nwc::NwcClient& client, nip47::Request request,
                                             milliseconds timeout) {
  try {
    co_return co_await client.call(std::move(request), timeout);
  } catch (const nwc::NwcError& e) {
    throw BackendError(e.kind() == nwc::NwcError::Kind::timeout ? BackendErrorCode::timeout
                                                                : BackendErrorCode::unavailable,
                       std::string("NWC: ") + e.what());
  }
}

template <class Result>
const Result& result_of(const nip47::Response& r, std::string_view what) {
  if (const auto* e = std::get_if<nip47::WalletError>(&r.outcome)) wallet_refused(*e, what);
  return std::get<Result>(r.outcome);
}

InvoiceStatus status_of(const nip47::Transaction& t, const Hash32& hash, std::int64_t now) {
  InvoiceStatus s;
  s.amount_msat = t.amount_msat;
  using St = nip47::TransactionState;
  if (t.settled()) {
    s.state = InvoiceState::settled;
    s.settled_at = t.settled_at;
    if (t.preimage) {
      auto p = from_hex_array<32>(*t.preimage);
      if (p && sha256(ByteView(*p)) == hash) s.preimage = p;
    }
  } else if (t.state == St::expired || (t.expires_at && now >= *t.expires_at)) {
    s.state = InvoiceState::expired;
  } else if (t.state == St::failed) {
    s.state = InvoiceState::cancelled;
  }
  return s;
}

}  // namespace

NwcBackend::NwcBackend(NwcConfig config, std::function<std::int64_t()> clock)
    : config_(std::move(config)), clock_(clock ? std::move(clock) : unix_now) {
  auto uri = read_uri(config_);
  client_ = std::make_unique<nwc::NwcClient>(
      std::move(uri), client_options(config_), [this](const nip47::Notification& n) {
        if (n.type != nip47::NotificationType::payment_received) return;
        auto hash = from_hex_array<32>(n.transaction.payment_hash);
        if (!hash) return;
        // A notification without the preimage wakes nobody: the waiters'
        // rechecks ask the wallet for it.
        auto status = status_of(n.transaction, *hash, now());
        if (status.state == InvoiceState::settled && status.preimage)
          waiters_.notify(*hash, status);
      });
}

NwcBackend::~NwcBackend() {
  client_.reset();
}

std::int64_t NwcBackend::now() const {
  return clock_();
}

boost::asio::awaitable<NodeInfo> NwcBackend::async_node_info() {
  nwc::NwcClient& client = *client_;
  nip47::WalletInfo info;
  try {
    info = co_await client.info();
  } catch (const nwc::NwcError& e) {
    throw BackendError(BackendErrorCode::unavailable, std::string("NWC: ") + e.what());
  }
  for (const char* needed : {"make_invoice", "lookup_invoice"}) {
    if (!info.supports(needed)) {
      throw BackendError(BackendErrorCode::unauthorized,
                         std::string("the NWC connection does not allow ") + needed +
                             "; create one with make_invoice and lookup_invoice");
    }
  }
  NodeInfo node;
  node.pubkey = client.wallet().hex();
  if (!info.supports("get_info")) co_return node;
  nip47::Request request = nip47::GetInfoRequest{};
  auto response = co_await call(client, std::move(request), config_.timeout);
  const auto& got = result_of<nip47::GetInfoResult>(response, "get_info");
  node.alias = got.alias.value_or("");
  if (got.pubkey) node.pubkey = *got.pubkey;
  if (got.network) node.network = bolt11::parse_network(*got.network);
  co_return node;
}

boost::asio::awaitable<CreatedInvoice> NwcBackend::async_create_invoice(CreateInvoiceRequest r) {
  if (r.amount_msat == 0) throw BackendError(BackendErrorCode::rejected, "a zero amount");
  nip47::MakeInvoiceRequest make;
  make.amount_msat = r.amount_msat;
  make.description = r.description;
  make.expiry_seconds = r.expiry_seconds;
  nip47::Request request = std::move(make);
  auto response = co_await call(*client_, std::move(request), config_.timeout);
  const auto& t = result_of<nip47::MakeInvoiceResult>(response, "make_invoice").transaction;
  auto hash = from_hex_array<32>(t.payment_hash);
  if (!hash || !t.invoice) {
    throw BackendError(BackendErrorCode::unavailable,
                       "NWC make_invoice answered without an invoice and its payment hash");
  }
  co_return CreatedInvoice{*t.invoice, *hash, t.expires_at.value_or(now() + r.expiry_seconds)};
}

boost::asio::awaitable<std::optional<InvoiceStatus>> NwcBackend::async_lookup_invoice(Hash32 hash) {
  nip47::LookupInvoiceRequest lookup;
  lookup.payment_hash = to_hex(ByteView(hash));
  nip47::Request request = std::move(lookup);
  auto response = co_await call(*client_, std::move(request), config_.timeout);
  if (const auto* e = std::get_if<nip47::WalletError>(&response.outcome);
      e && e->code == nip47::WalletErrorCode::not_found) {
    co_return std::nullopt;
  }
  const auto& t = result_of<nip47::LookupInvoiceResult>(response, "lookup_invoice").transaction;
  co_return status_of(t, hash, now());
}

boost::asio::awaitable<std::optional<InvoiceStatus>> NwcBackend::async_wait_invoice(
    Hash32 hash, milliseconds timeout) {
  return wait_pushed(
      waiters_, [this](Hash32 h) { return async_lookup_invoice(h); }, hash, timeout);
}

}  // namespace l402d::lightning
