#include "lightning/builtin_node.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bolt11/bech32.hpp"
#include "bolt11/codec.hpp"
#include "lightning/delegating_store.hpp"
#include "store/store.hpp"
#include "util/crypto.hpp"
#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

namespace fs = std::filesystem;

class BuiltinNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("l402d-node-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = store::open_sqlite_store({dir_ / "l402d.db"});
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  BuiltinNode node(std::int64_t* clock = nullptr) {
    BuiltinNode::Clock c;
    if (clock) c = [clock] { return *clock; };
    return BuiltinNode(key_, *store_, c);
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  bolt11::SecretKey key_ = random_array<32>();
};

CreateInvoiceRequest request(std::uint64_t sats = 100) {
  return {sats * 1000, "L402 music", 600};
}

// The tag characters of an invoice's tagged fields, sorted: what is on the wire,
// not what a decoder fills in by default.
std::string wire_tags(const std::string& invoice) {
  constexpr std::string_view kAlphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  constexpr std::size_t kTimestampWords = 7;
  constexpr std::size_t kSignatureWords = 104;
  auto b = bolt11::bech32_decode(invoice, bolt11::kMaxInvoiceLength);
  if (!b) return "not bech32";
  const auto& w = b->words;
  std::string tags;
  std::size_t i = kTimestampWords;
  while (i + 3 <= w.size() - kSignatureWords) {
    tags += kAlphabet[w[i]];
    i += 3 + std::size_t{w[i + 1]} * 32 + w[i + 2];
  }
  std::sort(tags.begin(), tags.end());
  return tags;
}

// An invoice signed with `key` but not made by BuiltinNode::make_invoice.
std::string hand_made(const bolt11::SecretKey& key, bolt11::Network network,
                      std::optional<std::uint64_t> amount_msat, const Hash32& payment_hash) {
  bolt11::Invoice inv;
  inv.network = network;
  inv.amount_msat = amount_msat;
  inv.timestamp = static_cast<std::uint64_t>(std::time(nullptr));
  inv.payment_hash = payment_hash;
  inv.payment_secret = random_array<32>();
  inv.description = "hand made";
  inv.feature_bits = {8, 14};
  return bolt11::encode(inv, key);
}

BackendErrorCode error_code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const BackendError& e) {
    return e.code();
  }
  throw std::logic_error("no BackendError thrown");
}

TEST_F(BuiltinNodeTest, InvoicesAreSignedRegtestInvoicesFromThisNode) {
  auto n = node();
  auto created = n.create_invoice(request(100));
  EXPECT_EQ(created.bolt11.rfind("lnbcrt1u1", 0), 0U) << created.bolt11;
  auto inv = bolt11::decode(created.bolt11);
  ASSERT_TRUE(inv) << bolt11::to_string(inv.error());
  EXPECT_EQ(inv->network, bolt11::Network::regtest);
  EXPECT_EQ(inv->payee, n.node_id());
  EXPECT_EQ(inv->amount_msat, 100000U);
  EXPECT_EQ(inv->description, "L402 music");
  EXPECT_EQ(inv->expiry_seconds, 600U);
  EXPECT_EQ(inv->min_final_cltv_expiry_delta, 18U);
  EXPECT_EQ(inv->feature_bits, (std::vector<std::uint16_t>{8, 14}));
  EXPECT_EQ(inv->payment_hash, created.payment_hash);
  EXPECT_EQ(created.expires_at, static_cast<std::int64_t>(inv->timestamp) + 600);
  auto status = n.lookup_invoice(created.payment_hash);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::open);
  EXPECT_EQ(status->amount_msat, 100000U);
  EXPECT_FALSE(status->settled_at);
}

TEST_F(BuiltinNodeTest, WritesPaymentHashSecretDescriptionExpiryCltvAndFeatures) {
  auto n = node();
  // c = 18 is the default, written anyway as LND does; no n (recovered from the signature).
  EXPECT_EQ(wire_tags(n.create_invoice(request()).bolt11), "9cdpsx");
}

TEST_F(BuiltinNodeTest, MakeInvoiceTouchesNoStore) {
  auto n = node();
  auto made = n.make_invoice(request());
  EXPECT_EQ(sha256(made.preimage), made.payment_hash);
  EXPECT_EQ(made.expires_at, made.created_at + 600);
  EXPECT_FALSE(store_->find_invoice(made.payment_hash));
  // Its invoices are as payable as create_invoice's: the preimage is derived.
  auto paid = n.settle(made.bolt11);
  ASSERT_TRUE(paid);
  EXPECT_EQ(*paid, made.preimage);
}

TEST_F(BuiltinNodeTest, IsABackendThatSimulatesPayments) {
  auto n = node();
  Backend& backend = n;
  EXPECT_EQ(backend.name(), "builtin");
  EXPECT_TRUE(backend.simulates_payments());
  EXPECT_FALSE(run_blocking(backend.async_lookup_invoice(random_array<32>())));
  EXPECT_NE(BuiltinNode::warning().find("SIMULATES"), std::string_view::npos);
  EXPECT_NE(BuiltinNode::warning().find("no bitcoin moves"), std::string_view::npos);
}

TEST_F(BuiltinNodeTest, RejectsRequestsNoInvoiceCanCarry) {
  auto n = node();
  EXPECT_EQ(error_code_of([&] { n.create_invoice({0, "x", 60}); }), BackendErrorCode::rejected);
  EXPECT_EQ(error_code_of([&] { n.create_invoice({1000, "x", 0}); }), BackendErrorCode::rejected);
  const std::string longest(BuiltinNode::kMaxDescriptionBytes, 'a');
  auto ok = n.create_invoice({1000, longest, 60});
  EXPECT_EQ(bolt11::decode(ok.bolt11)->description, longest);
  EXPECT_EQ(error_code_of([&] {
              n.create_invoice({1000, longest + "a", 60});
            }),
            BackendErrorCode::rejected);
}

TEST_F(BuiltinNodeTest, MakingAnInvoiceWritesNothingAndNeedsNoStore) {
  fakes::DelegatingStore broken(*store_);
  broken.before_insert = [](const store::InvoiceRecord&) {
    throw std::runtime_error("disk I/O error");
  };
  BuiltinNode n(key_, broken);
  auto created = n.create_invoice(request());
  EXPECT_FALSE(store_->find_invoice(created.payment_hash));
  EXPECT_EQ(n.lookup_invoice(created.payment_hash)->state, InvoiceState::open);
  // The row is written on payment, so that is where a broken store shows.
  EXPECT_THROW((void)n.settle(created.bolt11), std::runtime_error);
  broken.before_insert = nullptr;
  ASSERT_TRUE(n.settle(created.bolt11));
  EXPECT_EQ(store_->find_invoice(created.payment_hash)->state, store::InvoiceState::settled);
}

TEST_F(BuiltinNodeTest, RemembersABoundedNumberOfUnpaidInvoices) {
  BuiltinNode n(key_, *store_, {}, 4);
  auto first = n.create_invoice(request());
  auto second = n.create_invoice(request());
  for (int i = 0; i < 3; ++i)
    (void)n.create_invoice(request());
  EXPECT_EQ(n.lookup_invoice(second.payment_hash)->state, InvoiceState::open);
  // Forgotten, but still payable: nothing about paying depends on memory.
  EXPECT_FALSE(n.lookup_invoice(first.payment_hash));
  ASSERT_TRUE(n.settle(first.bolt11));
  EXPECT_EQ(n.lookup_invoice(first.payment_hash)->state, InvoiceState::settled);
  // Round the table a few more times: always the newest four.
  std::vector<CreatedInvoice> made;
  for (int i = 0; i < 11; ++i)
    made.push_back(n.create_invoice(request()));
  EXPECT_FALSE(n.lookup_invoice(second.payment_hash));
  EXPECT_FALSE(n.lookup_invoice(made[6].payment_hash));
  for (int i = 7; i < 11; ++i)
    EXPECT_EQ(n.lookup_invoice(made[i].payment_hash)->state, InvoiceState::open) << i;
}

TEST_F(BuiltinNodeTest, RefusesInvoicesSignedWithItsKeyThatItDidNotMake) {
  auto n = node();
  auto preimage = random_array<32>();
  auto hash = sha256(preimage);
  EXPECT_EQ(n.settle(hand_made(key_, bolt11::Network::mainnet, 1000, hash)).error(),
            SettleError::wrong_network);
  EXPECT_EQ(n.settle(hand_made(key_, bolt11::Network::regtest, std::nullopt, hash)).error(),
            SettleError::no_amount);
  // The payment hash is not that of the derived preimage: paying it would hand
  // out a preimage that does not open it.
  EXPECT_EQ(n.settle(hand_made(key_, bolt11::Network::regtest, 1000, hash)).error(),
            SettleError::foreign);
  EXPECT_EQ(to_string(SettleError::foreign), "foreign_invoice");
  EXPECT_EQ(to_string(SettleError::expired), "invoice_expired");
}

TEST_F(BuiltinNodeTest, SettleReturnsThePreimageOfThePaymentHashAndIsIdempotent) {
  auto n = node();
  auto created = n.create_invoice(request());
  auto p1 = n.settle(created.bolt11);
  ASSERT_TRUE(p1);
  EXPECT_EQ(sha256(*p1), created.payment_hash);
  auto p2 = n.settle(created.bolt11);
  ASSERT_TRUE(p2);
  EXPECT_EQ(*p1, *p2);
  EXPECT_EQ(n.lookup_invoice(created.payment_hash)->state, InvoiceState::settled);
}

TEST_F(BuiltinNodeTest, RefusesInvoicesOfAnotherNode) {
  auto n = node();
  auto other_store = store::open_sqlite_store({dir_ / "other.db"});
  BuiltinNode other(random_array<32>(), *other_store);
  auto foreign = other.create_invoice(request());
  auto r = n.settle(foreign.bolt11);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), SettleError::foreign);
  EXPECT_EQ(n.settle("lnbc1garbage").error(), SettleError::not_an_invoice);
}

TEST_F(BuiltinNodeTest, RefusesExpiredInvoices) {
  std::int64_t clock = 1'700'000'000;
  auto n = node(&clock);
  auto created = n.create_invoice(request());
  clock += 601;
  auto r = n.settle(created.bolt11);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), SettleError::expired);
  EXPECT_EQ(n.lookup_invoice(created.payment_hash)->state, InvoiceState::expired);
  EXPECT_FALSE(n.wait_for_settlement(created.payment_hash, std::chrono::seconds(30)));
}

TEST_F(BuiltinNodeTest, ExpiryIsExclusiveAndSettledInvoicesStayPayable) {
  std::int64_t clock = 1'700'000'000;
  auto n = node(&clock);
  auto created = n.create_invoice(request());
  clock += 599;
  auto p = n.settle(created.bolt11);
  ASSERT_TRUE(p);
  clock += 1;
  // Paying again after expiry returns the same preimage: the first payment counted.
  auto again = n.settle(created.bolt11);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *p);
  auto status = n.lookup_invoice(created.payment_hash);
  EXPECT_EQ(status->state, InvoiceState::settled);
  EXPECT_EQ(status->settled_at, 1'700'000'599);
}

TEST_F(BuiltinNodeTest, ALostRowOfAnExpiredInvoiceIsNotRecreated) {
  std::int64_t clock = 1'700'000'000;
  auto n = node(&clock);
  auto made = n.make_invoice(request());
  clock += 600;
  EXPECT_EQ(n.settle(made.bolt11).error(), SettleError::expired);
  EXPECT_FALSE(store_->find_invoice(made.payment_hash));
}

// Cancelling is a store state (set by whoever shares the store), written over
// the row the node would otherwise create on payment.
void insert_cancelled(store::Store& s, const BuiltinNode& n, const CreatedInvoice& created) {
  store::InvoiceRecord r;
  r.payment_hash = created.payment_hash;
  r.preimage = Hash32{};
  r.bolt11 = created.bolt11;
  r.amount_msat = 1000;
  r.created_at = created.expires_at - 600;
  r.expires_at = created.expires_at;
  (void)n;
  s.insert_invoice(r);
  ASSERT_TRUE(s.cancel_invoice(created.payment_hash));
}

TEST_F(BuiltinNodeTest, RefusesCancelledInvoices) {
  auto n = node();
  auto created = n.create_invoice(request());
  insert_cancelled(*store_, n, created);
  EXPECT_EQ(n.settle(created.bolt11).error(), SettleError::cancelled);
  auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(n.wait_for_settlement(created.payment_hash, std::chrono::seconds(30)));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(BuiltinNodeTest, SettleThatLosesARaceToCancelIsRefused) {
  fakes::DelegatingStore racing(*store_);
  BuiltinNode n(key_, racing);
  auto created = n.create_invoice(request());
  // Cancelled between settle's read and its write.
  racing.before_settle = [&](const Hash32& hash) { store_->cancel_invoice(hash); };
  EXPECT_EQ(n.settle(created.bolt11).error(), SettleError::cancelled);
  EXPECT_EQ(n.lookup_invoice(created.payment_hash)->state, InvoiceState::cancelled);
}

TEST_F(BuiltinNodeTest, SettleThatLosesARaceToAnotherSettleReturnsThePreimage) {
  fakes::DelegatingStore racing(*store_);
  BuiltinNode n(key_, racing);
  auto made = n.make_invoice(request());
  // The row is missing and another payer recreates and settles it first.
  racing.before_insert = [&](const store::InvoiceRecord& r) {
    racing.before_insert = nullptr;
    store_->insert_invoice(r);
    store_->settle_invoice(r.payment_hash, r.created_at);
  };
  auto p = n.settle(made.bolt11);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, made.preimage);
}

TEST_F(BuiltinNodeTest, SettleOfALostRowReportsStoreFailures) {
  fakes::DelegatingStore broken(*store_);
  BuiltinNode n(key_, broken);
  auto made = n.make_invoice(request());
  broken.before_insert = [](const store::InvoiceRecord&) {
    throw std::runtime_error("database is locked");
  };
  EXPECT_THROW((void)n.settle(made.bolt11), std::runtime_error);
  EXPECT_FALSE(store_->find_invoice(made.payment_hash));
}

TEST_F(BuiltinNodeTest, SettlesEvenWhenTheInvoiceRowIsLost) {
  std::string bolt11;
  Hash32 hash{};
  {
    auto n = node();
    auto created = n.create_invoice(request());
    bolt11 = created.bolt11;
    hash = created.payment_hash;
  }
  store_.reset();
  fs::remove(dir_ / "l402d.db");
  fs::remove(dir_ / "l402d.db-wal");
  fs::remove(dir_ / "l402d.db-shm");
  store_ = store::open_sqlite_store({dir_ / "l402d.db"});
  auto n = node();
  EXPECT_FALSE(n.lookup_invoice(hash));
  auto p = n.settle(bolt11);
  ASSERT_TRUE(p);
  EXPECT_EQ(sha256(*p), hash);
  EXPECT_EQ(n.lookup_invoice(hash)->state, InvoiceState::settled);
}

TEST_F(BuiltinNodeTest, WaitForSettlementWakesAndTimesOut) {
  auto n = node();
  auto created = n.create_invoice(request());
  auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(n.wait_for_settlement(created.payment_hash, std::chrono::milliseconds(150)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(150));
  std::thread payer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(n.settle(created.bolt11));
  });
  EXPECT_TRUE(n.wait_for_settlement(created.payment_hash, std::chrono::seconds(5)));
  payer.join();
  EXPECT_TRUE(n.wait_for_settlement(created.payment_hash, std::chrono::milliseconds(0)));
}

TEST_F(BuiltinNodeTest, WaitForSettlementSeesAnotherProcessSettling) {
  auto n = node();
  auto created = n.create_invoice(request());
  // Another node object on another store connection: no notification reaches n.
  auto second_store = store::open_sqlite_store({dir_ / "l402d.db"});
  BuiltinNode other(key_, *second_store);
  std::thread payer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(other.settle(created.bolt11));
  });
  EXPECT_TRUE(n.wait_for_settlement(created.payment_hash, std::chrono::seconds(5)));
  payer.join();
}

TEST_F(BuiltinNodeTest, ManyWaitersWakeOnOneSettlement) {
  auto n = node();
  auto created = n.create_invoice(request());
  std::atomic<int> woken{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < 4; ++i) {
    waiters.emplace_back([&] {
      if (n.wait_for_settlement(created.payment_hash, std::chrono::seconds(5))) ++woken;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  ASSERT_TRUE(n.settle(created.bolt11));
  for (auto& t : waiters)
    t.join();
  EXPECT_EQ(woken.load(), 4);
}

TEST_F(BuiltinNodeTest, NodeKeyFileIsPrivateAndStable) {
  auto a = BuiltinNode::open(dir_, *store_);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "node.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  auto b = BuiltinNode::open(dir_, *store_);
  EXPECT_EQ(a->node_id(), b->node_id());
  // An invoice of the first instance is payable by the second (a restart).
  auto created = a->create_invoice(request());
  EXPECT_TRUE(b->settle(created.bolt11));
}

TEST_F(BuiltinNodeTest, ConcurrentSettlesAgree) {
  auto n = node();
  auto created = n.create_invoice(request());
  std::vector<std::thread> threads;
  std::vector<Hash32> results(6);
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back(
        [&, i] { results[static_cast<std::size_t>(i)] = *n.settle(created.bolt11); });
  }
  for (auto& t : threads)
    t.join();
  for (const auto& r : results)
    EXPECT_EQ(r, results[0]);
}

TEST_F(BuiltinNodeTest, AnAsyncWaiterIsWokenBySettleWithThePreimage) {
  auto n = node();
  auto created = n.create_invoice(request());
  std::thread payer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(n.settle(created.bolt11));
  });
  const auto started = std::chrono::steady_clock::now();
  auto status = run_blocking(n.async_wait_invoice(created.payment_hash, std::chrono::seconds(20)));
  payer.join();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::settled);
  ASSERT_TRUE(status->preimage);
  EXPECT_EQ(sha256(*status->preimage), created.payment_hash);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  // A lookup afterwards hands out the same preimage from the store.
  EXPECT_EQ(run_blocking(n.async_lookup_invoice(created.payment_hash))->preimage, status->preimage);
}

// Another process settles and the store's feed announces it: the waiter here
// wakes at once, not at its next half-second look at the store.
TEST_F(BuiltinNodeTest, AnAnnouncedSettlementElsewhereWakesAnAsyncWaiterAtOnce) {
  auto n = node();
  auto created = n.create_invoice(request());
  auto second_store = store::open_sqlite_store({dir_ / "l402d.db"});
  BuiltinNode other(key_, *second_store);
  n.settled_elsewhere(created.payment_hash);  // not settled yet: nothing to wake
  std::chrono::steady_clock::time_point settled_at;
  std::thread payer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(other.settle(created.bolt11));
    settled_at = std::chrono::steady_clock::now();
    n.settled_elsewhere(created.payment_hash);
  });
  auto status = run_blocking(n.async_wait_invoice(created.payment_hash, std::chrono::seconds(20)));
  const auto woken_at = std::chrono::steady_clock::now();
  payer.join();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::settled);
  EXPECT_LT(woken_at - settled_at, std::chrono::milliseconds(300)) << "woken by the recheck";
}

TEST_F(BuiltinNodeTest, AnAsyncWaitForAnUnpaidInvoiceReturnsItOpen) {
  auto n = node();
  auto created = n.create_invoice(request());
  auto status =
      run_blocking(n.async_wait_invoice(created.payment_hash, std::chrono::milliseconds(100)));
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::open);
  EXPECT_FALSE(status->preimage);
  EXPECT_FALSE(run_blocking(n.async_wait_invoice(random_array<32>(), std::chrono::seconds(30))));
}

}  // namespace
}  // namespace l402d::lightning
