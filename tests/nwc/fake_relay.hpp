#pragma once

// A Nostr relay in the test process (NIP-01): stores every event it is sent,
// answers OK, and delivers events to every subscription whose filter they
// match, stored ones first, then EOSE. Enough for NWC; no NIP-42, no limits.
// The end-to-end tests use a relay from npm instead.

#include <memory>
#include <string>

namespace l402d::nwc::testing {

class FakeRelay {
 public:
  FakeRelay();
  ~FakeRelay();
  std::string url() const;  // ws://127.0.0.1:<port>
  // Drops every connection (a relay restart); new ones are accepted.
  void drop_connections();
  std::size_t events_received() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace l402d::nwc::testing
