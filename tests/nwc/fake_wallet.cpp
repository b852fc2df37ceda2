#include "nwc/fake_wallet.hpp"

#include <atomic>

#include "bolt11/codec.hpp"
#include "nostr/nip47_events.hpp"
#include "nwc/relay_session.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"
#include "util/run_blocking.hpp"

namespace l402d::nwc::testing {

namespace nip47 = nostr::nip47;

struct FakeWallet::Impl {
  Impl(std::string url, lightning::BuiltinNode& l, FakeWalletOptions o)
      : relay_url(std::move(url)),
        ledger(l),
        options(std::move(o)),
        wallet(nostr::SecretKey::generate()),
        client(nostr::SecretKey::generate()) {}

  std::string relay_url;
  lightning::BuiltinNode& ledger;
  FakeWalletOptions options;
  nostr::SecretKey wallet;
  nostr::SecretKey client;
  std::atomic<std::size_t> served{0};
  std::unique_ptr<RelaySession> relay;  // last: its thread calls into the members above

  nostr::Event info_event() const {
    nostr::UnsignedEvent draft;
    draft.created_at = unix_now();
    draft.kind = nip47::kInfoKind;
    draft.content = options.capabilities;
    if (!options.encryption_tag.empty())
      draft.tags.push_back({"encryption", options.encryption_tag});
    if (options.notifications) draft.tags.push_back({"notifications", "payment_received"});
    return nostr::sign(std::move(draft), wallet);
  }

  nip47::Transaction transaction(const std::string& bolt11, const Hash32& hash) {
    nip47::Transaction t;
    t.invoice = bolt11;
    t.payment_hash = to_hex(ByteView(hash));
    auto status = ledger.lookup_invoice(hash);
    if (!status) return t;
    t.amount_msat = status->amount_msat;
    if (status->state == lightning::InvoiceState::settled) {
      t.state = nip47::TransactionState::settled;
      t.settled_at = status->settled_at;
      t.preimage = to_hex(ByteView(*status->preimage));
    } else if (status->state == lightning::InvoiceState::expired) {
      t.state = nip47::TransactionState::expired;
    } else {
      t.state = nip47::TransactionState::pending;
    }
    return t;
  }

  nip47::Outcome answer(const nip47::Request& request) {
    if (const auto* make = std::get_if<nip47::MakeInvoiceRequest>(&request)) {
      auto created =
          ledger.create_invoice({make->amount_msat, make->description.value_or(""),
                                 static_cast<std::uint32_t>(make->expiry_seconds.value_or(3600))});
      known[created.payment_hash] = created.bolt11;
      auto t = transaction(created.bolt11, created.payment_hash);
      t.expires_at = created.expires_at;
      return nip47::MakeInvoiceResult{t};
    }
    if (const auto* lookup = std::get_if<nip47::LookupInvoiceRequest>(&request)) {
      auto hash = from_hex_array<32>(lookup->payment_hash.value_or(""));
      if (!hash || !known.count(*hash))
        return nip47::WalletError{nip47::WalletErrorCode::not_found, "NOT_FOUND",
                                  "no such invoice"};
      return nip47::LookupInvoiceResult{transaction(known[*hash], *hash)};
    }
    if (const auto* pay = std::get_if<nip47::PayInvoiceRequest>(&request)) {
      auto paid = ledger.dev_payments()->settle(pay->invoice);
      if (!paid) {
        return nip47::WalletError{nip47::WalletErrorCode::payment_failed, "PAYMENT_FAILED",
                                  std::string(lightning::describe(paid.error()))};
      }
      if (auto decoded = bolt11::decode(pay->invoice)) known[decoded->payment_hash] = pay->invoice;
      return nip47::PayInvoiceResult{to_hex(ByteView(*paid)), 0};
    }
    if (std::holds_alternative<nip47::GetInfoRequest>(request)) {
      nip47::GetInfoResult info;
      info.alias = "fake wallet";
      info.pubkey = to_hex(ByteView(ledger.node_id()));
      info.network = options.network;
      info.methods = {"make_invoice", "lookup_invoice", "get_info"};
      return info;
    }
    return nip47::WalletError{nip47::WalletErrorCode::not_implemented, "NOT_IMPLEMENTED", "no"};
  }

  void on_request(const nostr::Event& event) {
    auto received = nip47::open_request(event, wallet, unix_now());
    if (!received) return;
    ++served;
    nip47::Response response{nip47::method_of(received->request), answer(received->request)};
    relay->publish(nip47::build_response(response, *received, wallet, unix_now()));
  }

  std::map<Hash32, std::string> known;  // relay thread only (and receive_payment, after)
};

FakeWallet::FakeWallet(std::string relay_url, lightning::BuiltinNode& ledger,
                       FakeWalletOptions options)
    : impl_(std::make_unique<Impl>(std::move(relay_url), ledger, std::move(options))) {
  nostr::Filter requests;
  requests.kinds = {nip47::kRequestKind};
  requests.tags['p'] = {impl_->wallet.public_key().hex()};
  RelayHandlers handlers;
  handlers.on_event = [impl = impl_.get()](const nostr::Event& e) { impl->on_request(e); };
  impl_->relay = std::make_unique<RelaySession>(std::vector<std::string>{impl_->relay_url},
                                                net::WebSocketOptions{}, std::vector{requests},
                                                std::move(handlers));
  impl_->relay->publish(impl_->info_event());
  impl_->relay->wait_connected(std::chrono::seconds(5));
}

FakeWallet::~FakeWallet() {
  impl_->relay.reset();
}

std::string FakeWallet::connection_uri() const {
  return "nostr+walletconnect://" + impl_->wallet.public_key().hex() +
         "?relay=" + impl_->relay_url + "&secret=" + to_hex(ByteView(impl_->client.bytes()));
}

void FakeWallet::receive_payment(const std::string& bolt11) {
  auto paid = impl_->ledger.dev_payments()->settle(bolt11);
  if (!paid || !impl_->options.notifications) return;
  auto decoded = bolt11::decode(bolt11);
  nip47::Notification n{nip47::NotificationType::payment_received,
                        impl_->transaction(bolt11, decoded->payment_hash)};
  auto encryption = impl_->options.encryption_tag.find("nip44_v2") != std::string::npos
                        ? nip47::Encryption::nip44_v2
                        : nip47::Encryption::nip04;
  impl_->relay->publish(nip47::build_notification(n, impl_->wallet, impl_->client.public_key(),
                                                  encryption, unix_now()));
}

std::size_t FakeWallet::requests_served() const {
  return impl_->served.load();
}

}  // namespace l402d::nwc::testing
