#pragma once

// A NIP-47 wallet service in the test process, written with the nostr
// library's wallet-side functions and a builtin development node as its
// ledger: make_invoice, lookup_invoice, get_info and pay_invoice (of the
// ledger's own invoices), payment_received
// notifications, an info event naming its encryption. The end-to-end tests
// use a wallet service from npm (@getalby/sdk) instead.

#include <memory>
#include <string>
#include <vector>

#include "lightning/builtin_node.hpp"
#include "nostr/nip47_info.hpp"

namespace l402d::nwc::testing {

struct FakeWalletOptions {
  std::string encryption_tag = "nip44_v2 nip04";  // empty: no tag (NIP-04 only)
  std::string capabilities = "pay_invoice make_invoice lookup_invoice get_info notifications";
  bool notifications = true;
  std::string network = "regtest";
};

class FakeWallet {
 public:
  FakeWallet(std::string relay_url, lightning::BuiltinNode& ledger, FakeWalletOptions options = {});
  ~FakeWallet();
  // nostr+walletconnect://<wallet>?relay=<url>&secret=<client secret>
  std::string connection_uri() const;
  // Someone pays an invoice of this wallet: settled, and notified.
  void receive_payment(const std::string& bolt11);
  std::size_t requests_served() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace l402d::nwc::testing
