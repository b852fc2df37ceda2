#include "lightning/builtin_node.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "bolt11/codec.hpp"
#include "util/crypto.hpp"

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
}

TEST_F(BuiltinNodeTest, RefusesCancelledInvoices) {
  auto n = node();
  auto created = n.create_invoice(request());
  ASSERT_TRUE(store_->cancel_invoice(created.payment_hash));
  EXPECT_EQ(n.settle(created.bolt11).error(), SettleError::cancelled);
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

TEST_F(BuiltinNodeTest, ZeroAmountIsRejected) {
  auto n = node();
  EXPECT_THROW(n.create_invoice({0, "x", 60}), BackendError);
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

}  // namespace
}  // namespace l402d::lightning
