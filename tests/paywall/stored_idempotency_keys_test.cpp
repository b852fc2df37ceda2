// StoredIdempotencyKeys over a stand-in for the shared store: what goes in
// comes back whole, and a failing or foreign store only costs a fresh invoice.
// The PostgreSQL records themselves are tested on the real cluster
// (tests/store/postgres_shared_state_test.cpp).

#include "paywall/stored_idempotency_keys.hpp"

#include <gtest/gtest.h>

#include <map>

#include "store/store_error.hpp"
#include "util/crypto.hpp"

namespace l402d::paywall {
namespace {

class MapRecords : public store::IdempotencyRecords {
 public:
  std::optional<std::string> find_entry(const std::string& key, std::int64_t now) override {
    if (failing) throw store::StoreError(store::StoreError::Kind::unavailable, "down");
    auto it = entries.find(key);
    if (it == entries.end() || it->second.second <= now) return std::nullopt;
    return it->second.first;
  }
  void keep_entry(const std::string& key, const std::string& entry, std::int64_t expires_at,
                  std::int64_t now) override {
    if (failing) throw store::StoreError(store::StoreError::Kind::unavailable, "down");
    auto it = entries.find(key);
    if (it != entries.end() && it->second.second > now) return;
    entries[key] = {entry, expires_at};
  }
  std::size_t purge_entries(std::int64_t) override { return 0; }

  std::map<std::string, std::pair<std::string, std::int64_t>> entries;
  bool failing = false;
};

KeyedChallenge sample() {
  KeyedChallenge e;
  e.service = "vision";
  e.request_hash = sha256("request");
  e.challenge.service = "vision";
  e.challenge.price_msat = 10'000;
  e.challenge.macaroon = "AgEEbHNhdA";
  e.challenge.invoice = "lnbcrt100n1...";
  e.challenge.payment_hash = sha256("payment");
  e.challenge.token_id = sha256("token");
  e.challenge.expires_at = 1'800'003'600;
  e.text = {"L402 macaroon=\"AgEEbHNhdA\"", "Payment id=\"x\"", "eyJ4NDAyIjoxfQ"};
  e.token_id = sha256("token");
  return e;
}

void expect_same(const KeyedChallenge& a, const KeyedChallenge& b) {
  EXPECT_EQ(a.service, b.service);
  EXPECT_EQ(a.request_hash, b.request_hash);
  EXPECT_EQ(a.challenge.service, b.challenge.service);
  EXPECT_EQ(a.challenge.price_msat, b.challenge.price_msat);
  EXPECT_EQ(a.challenge.macaroon, b.challenge.macaroon);
  EXPECT_EQ(a.challenge.invoice, b.challenge.invoice);
  EXPECT_EQ(a.challenge.payment_hash, b.challenge.payment_hash);
  EXPECT_EQ(a.challenge.token_id, b.challenge.token_id);
  EXPECT_EQ(a.challenge.expires_at, b.challenge.expires_at);
  EXPECT_EQ(a.text.l402, b.text.l402);
  EXPECT_EQ(a.text.mpp, b.text.mpp);
  EXPECT_EQ(a.text.x402, b.text.x402);
  EXPECT_EQ(a.token_id, b.token_id);
}

TEST(StoredIdempotencyKeys, AnEntryComesBackWholeUntilItsChallengeExpires) {
  MapRecords records;
  StoredIdempotencyKeys keys(records);
  keys.remember("client-key-0123456789", sample(), 1'800'000'000);
  auto found = keys.find("client-key-0123456789", 1'800'000'001);
  ASSERT_TRUE(found);
  expect_same(*found, sample());
  EXPECT_FALSE(keys.find("client-key-0123456789", 1'800'003'600)) << "expired with the invoice";
  EXPECT_FALSE(keys.find("another-key-0123456789", 1'800'000'001));
}

TEST(StoredIdempotencyKeys, AnUnboundRequestStaysUnbound) {
  auto e = sample();
  e.request_hash.reset();
  auto back = decode_keyed_challenge(encode_keyed_challenge(e));
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->request_hash);
}

TEST(StoredIdempotencyKeys, TheFirstEntryUnderAKeyWins) {
  MapRecords records;
  StoredIdempotencyKeys keys(records);
  keys.remember("client-key-0123456789", sample(), 1'800'000'000);
  auto other = sample();
  other.challenge.invoice = "lnbcrt200n1...";
  keys.remember("client-key-0123456789", other, 1'800'000'001);
  EXPECT_EQ(keys.find("client-key-0123456789", 1'800'000'002)->challenge.invoice, "lnbcrt100n1...");
}

TEST(StoredIdempotencyKeys, AFailingStoreOrAForeignEntryIsNoEntry) {
  MapRecords records;
  StoredIdempotencyKeys keys(records);
  records.entries["garbled-key-0123456789"] = {"{not json", 1'900'000'000};
  records.entries["foreign-key-0123456789"] = {R"({"service":"x"})", 1'900'000'000};
  EXPECT_FALSE(keys.find("garbled-key-0123456789", 1'800'000'000));
  EXPECT_FALSE(keys.find("foreign-key-0123456789", 1'800'000'000));
  records.failing = true;
  EXPECT_NO_THROW(keys.remember("client-key-0123456789", sample(), 1'800'000'000));
  EXPECT_FALSE(keys.find("client-key-0123456789", 1'800'000'001));
}

}  // namespace
}  // namespace l402d::paywall
