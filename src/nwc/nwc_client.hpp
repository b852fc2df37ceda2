#pragma once

// A Nostr Wallet Connect client (NIP-47): requests to a wallet service over
// one long-lived relay session, each answer matched to its request by the
// `e` tag, the encryption chosen from the wallet's info event (NIP-44 when it
// offers it, NIP-04 only as the fallback it asks for), and notifications
// (payment_received, payment_sent) handed to a callback.
//
// Calls are coroutines on the caller's executor; the relay session has its
// own thread. Used by the seller's NWC backend and the buyer's NWC wallet.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>

#include "net/websocket_client.hpp"
#include "nostr/nip47.hpp"
#include "nostr/nip47_info.hpp"
#include "nostr/nwc_uri.hpp"

namespace l402d::nwc {

class NwcError : public std::runtime_error {
 public:
  enum class Kind {
    unreachable,  // no info event from the wallet: nothing was sent
    timeout,      // no answer in time (relay down, wallet offline): it may have arrived
    refused,      // the relay refused our request event
    protocol,     // an answer we cannot use (bad signature, wrong shape, no common encryption)
  };
  NwcError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct NwcClientOptions {
  net::WebSocketOptions websocket;                 // TLS trust for wss relays
  std::chrono::milliseconds info_timeout{10'000};  // waiting for the info event
};

class NwcClient {
 public:
  using NotificationHandler = std::function<void(const nostr::nip47::Notification&)>;

  // Connects in the background at once. Notifications reach `on_notification`
  // on the relay thread, checked (author, signature, decryption) first.
  NwcClient(nostr::NwcUri uri, NwcClientOptions options, NotificationHandler on_notification = {});
  ~NwcClient();
  NwcClient(const NwcClient&) = delete;
  NwcClient& operator=(const NwcClient&) = delete;

  // The wallet's info event. Throws NwcError (unreachable, or protocol when the
  // wallet offers no encryption this client speaks).
  boost::asio::awaitable<nostr::nip47::WalletInfo> info();
  // One request, answered or not within `timeout`. The wallet's refusals
  // (NOT_FOUND, PAYMENT_FAILED, ...) come back as the response's WalletError;
  // everything else that goes wrong throws NwcError.
  boost::asio::awaitable<nostr::nip47::Response> call(nostr::nip47::Request request,
                                                      std::chrono::milliseconds timeout);
  const nostr::PublicKey& wallet() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace l402d::nwc
