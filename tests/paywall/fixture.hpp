#pragma once

// A paywall over the builtin node, derived root keys and an SQLite ledger in
// a fresh directory, with a clock the test moves.

#include <gtest/gtest.h>

#include <atomic>

#include "l402/headers.hpp"
#include "lightning/builtin_node.hpp"
#include "paywall/authorizer.hpp"
#include "paywall/challenger.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "util/crypto.hpp"
#include "util/run_blocking.hpp"

namespace l402d::paywall::testing {

struct Paywall {
  Challenge issue(const Offer& offer) { return run_blocking(challenger.issue(offer)); }
  // Pays the challenge's invoice: the credential a client would then send.
  l402::Credential pay(const Challenge& c) {
    auto preimage = node.settle(c.invoice);
    EXPECT_TRUE(preimage);
    return *l402::parse_authorization(l402::format_authorization(c.macaroon, *preimage));
  }

  Offer offer(std::string service = "echo", bool bound = true) {
    Offer o{std::move(service), 21'000, std::nullopt};
    if (bound) o.request_hash = sha256(std::string_view("the request"));
    return o;
  }

  l402d::testing::TempDir dir{"l402d-paywall"};
  std::unique_ptr<store::Store> store = store::open_sqlite_store({dir / "l402d.db"});
  std::atomic<std::int64_t> now{1'800'000'000};
  std::function<std::int64_t()> clock = [this] { return now.load(); };
  l402::DerivedRootKeys keys{random_array<32>(), *store};
  l402::Minter minter{keys};
  l402::Verifier verifier{keys};
  lightning::BuiltinNode node{random_array<32>(), *store};
  Challenger challenger{node, minter, ChallengeTerms{600, 3600}, clock};
  Authorizer authorizer{verifier, clock};
};

}  // namespace l402d::paywall::testing
