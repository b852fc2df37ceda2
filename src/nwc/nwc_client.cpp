#include "nwc/nwc_client.hpp"

#include <spdlog/spdlog.h>

#include <mutex>

#include "nostr/nip47_events.hpp"
#include "nwc/relay_session.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"
#include "util/keyed_waiters.hpp"

namespace l402d::nwc {

namespace nip47 = nostr::nip47;
using Answer = Expected<nostr::Event, std::string>;  // the response event, or why the relay refused

struct NwcClient::Impl {
  Impl(nostr::NwcUri u, NwcClientOptions o, NotificationHandler n)
      : uri(std::move(u)), options(std::move(o)), on_notification(std::move(n)) {}

  nostr::NwcUri uri;
  NwcClientOptions options;
  NotificationHandler on_notification;

  std::mutex mutex;
  std::optional<nip47::WalletInfo> wallet_info;       // under mutex
  KeyedWaiters<int, nip47::WalletInfo> info_waiters;  // one key: 0
  KeyedWaiters<nostr::EventId, Answer> answers;
  std::unique_ptr<RelaySession> relay;  // last: its thread calls into the members above

  std::vector<nostr::Filter> subscription() const {
    nostr::Filter info = nip47::info_filter(uri.wallet);
    nostr::Filter replies;
    replies.authors = {uri.wallet};
    replies.kinds = {nip47::kResponseKind, nip47::kNotificationKind,
                     nip47::kLegacyNotificationKind};
    replies.tags['p'] = {uri.secret.public_key().hex()};
    replies.since = unix_now() - 60;
    return {info, replies};
  }

  void on_event(const nostr::Event& event) {
    if (event.pubkey != uri.wallet) return;
    switch (event.kind) {
      case nip47::kInfoKind:
        return on_info(event);
      case nip47::kResponseKind:
        if (const auto* e = event.tag_value("e")) {
          if (auto id = from_hex_array<32>(*e)) answers.notify(*id, Answer(event));
        }
        return;
      case nip47::kNotificationKind:
      case nip47::kLegacyNotificationKind:
        return on_notification_event(event);
      default:
        return;
    }
  }

  void on_info(const nostr::Event& event) {
    auto info = nip47::open_info(event, uri.wallet);
    if (!info) {
      spdlog::warn("nwc: the wallet's info event is unusable: {}", info.error().message);
      return;
    }
    {
      std::lock_guard lock(mutex);
      wallet_info = *info;
    }
    info_waiters.notify(0, *info);
  }

  void on_notification_event(const nostr::Event& event) {
    if (!on_notification) return;
    auto n = nip47::open_notification(event, uri.secret, uri.wallet);
    if (!n) return;  // another scheme's copy, or not for us
    on_notification(*n);
  }

  void on_refused(const nostr::EventId& id, const std::string& why) {
    answers.notify(id, Answer(unexpected("the relay refused the request: " + why)));
  }
};

NwcClient::NwcClient(nostr::NwcUri uri, NwcClientOptions options,
                     NotificationHandler on_notification)
    : impl_(
          std::make_unique<Impl>(std::move(uri), std::move(options), std::move(on_notification))) {
  RelayHandlers handlers;
  handlers.on_event = [impl = impl_.get()](const nostr::Event& e) { impl->on_event(e); };
  handlers.on_refused = [impl = impl_.get()](const nostr::EventId& id, const std::string& why) {
    impl->on_refused(id, why);
  };
  impl_->relay = std::make_unique<RelaySession>(impl_->uri.relays, impl_->options.websocket,
                                                impl_->subscription(), std::move(handlers));
}

NwcClient::~NwcClient() {
  impl_->relay.reset();  // stops the relay thread before the members it calls into go
}

const nostr::PublicKey& NwcClient::wallet() const {
  return impl_->uri.wallet;
}

boost::asio::awaitable<nip47::WalletInfo> NwcClient::info() {
  auto ticket = co_await impl_->info_waiters.enrol(0);
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->wallet_info) co_return *impl_->wallet_info;
  }
  auto info = co_await ticket.wait(impl_->options.info_timeout);
  if (!info) {
    throw NwcError(NwcError::Kind::unreachable,
                   "no info event from the wallet service on its relay (is it online?)");
  }
  co_return *info;
}

boost::asio::awaitable<nip47::Response> NwcClient::call(nip47::Request request,
                                                        std::chrono::milliseconds timeout) {
  auto wallet_info = co_await info();
  auto encryption = wallet_info.choose_encryption();
  if (!encryption) {
    throw NwcError(NwcError::Kind::protocol,
                   "the wallet offers no encryption this client speaks (nip44_v2 or nip04)");
  }
  const auto now = unix_now();
  auto sent = nip47::build_request(request, impl_->uri.secret, impl_->uri.wallet, *encryption, now,
                                   now + timeout.count() / 1000 + 1);
  auto ticket = co_await impl_->answers.enrol(sent.event.id);
  impl_->relay->publish(sent.event);
  auto answer = co_await ticket.wait(timeout);
  if (!answer) {
    throw NwcError(NwcError::Kind::timeout, "no answer from the wallet service to " +
                                                std::string(nip47::to_string(sent.method)));
  }
  if (!*answer) throw NwcError(NwcError::Kind::refused, answer->error());
  auto response = nip47::open_response(**answer, sent, impl_->uri.secret, impl_->uri.wallet);
  if (!response) throw NwcError(NwcError::Kind::protocol, response.error().message);
  co_return std::move(*response);
}

}  // namespace l402d::nwc
