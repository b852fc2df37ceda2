#include <limits>

#include "store_fixture.hpp"

namespace l402d::store::testing {
namespace {

InvoiceRecord invoice(const std::string& label) {
  InvoiceRecord r;
  r.payment_hash = hash_of("payment:" + label);
  r.preimage = hash_of("preimage:" + label);
  r.bolt11 = "lnbcrt1000n1" + label;
  r.amount_msat = 100'000;
  r.description = "music: " + label;
  r.created_at = 1'700'000'000;
  r.expires_at = 1'700'003'600;
  return r;
}

using Invoices = StoreTest;

TEST_F(Invoices, InsertThenFindReturnsEveryField) {
  auto store = open();
  auto in = invoice("a");
  store->insert_invoice(in);
  auto out = store->find_invoice(in.payment_hash);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->payment_hash, in.payment_hash);
  EXPECT_EQ(out->preimage, in.preimage);
  EXPECT_EQ(out->bolt11, in.bolt11);
  EXPECT_EQ(out->amount_msat, in.amount_msat);
  EXPECT_EQ(out->description, in.description);
  EXPECT_EQ(out->created_at, in.created_at);
  EXPECT_EQ(out->expires_at, in.expires_at);
  EXPECT_EQ(out->state, InvoiceState::open);
  EXPECT_EQ(out->settled_at, std::nullopt);
}

TEST_F(Invoices, UnknownPaymentHashIsNulloptAndCannotTransition) {
  auto store = open();
  store->insert_invoice(invoice("a"));
  EXPECT_EQ(store->find_invoice(hash_of("nope")), std::nullopt);
  EXPECT_FALSE(store->settle_invoice(hash_of("nope"), 5));
  EXPECT_FALSE(store->cancel_invoice(hash_of("nope")));
}

TEST_F(Invoices, SettleMovesOpenToSettledOnce) {
  auto store = open();
  auto in = invoice("a");
  store->insert_invoice(in);
  EXPECT_TRUE(store->settle_invoice(in.payment_hash, 1'700'000'100));
  auto out = store->find_invoice(in.payment_hash);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->state, InvoiceState::settled);
  EXPECT_EQ(out->settled_at, 1'700'000'100);
  EXPECT_FALSE(store->settle_invoice(in.payment_hash, 1'700'000'200));
  EXPECT_EQ(store->find_invoice(in.payment_hash)->settled_at, 1'700'000'100);
  EXPECT_FALSE(store->cancel_invoice(in.payment_hash));
  EXPECT_EQ(store->find_invoice(in.payment_hash)->state, InvoiceState::settled);
}

TEST_F(Invoices, CancelMovesOpenToCancelledAndBlocksSettlement) {
  auto store = open();
  auto in = invoice("a");
  store->insert_invoice(in);
  EXPECT_TRUE(store->cancel_invoice(in.payment_hash));
  EXPECT_EQ(store->find_invoice(in.payment_hash)->state, InvoiceState::cancelled);
  EXPECT_FALSE(store->cancel_invoice(in.payment_hash));
  EXPECT_FALSE(store->settle_invoice(in.payment_hash, 5));
  EXPECT_EQ(store->find_invoice(in.payment_hash)->state, InvoiceState::cancelled);
}

TEST_F(Invoices, TransitionsTouchOnlyTheirInvoice) {
  auto store = open();
  store->insert_invoice(invoice("a"));
  store->insert_invoice(invoice("b"));
  EXPECT_TRUE(store->settle_invoice(invoice("a").payment_hash, 7));
  EXPECT_EQ(store->find_invoice(invoice("b").payment_hash)->state, InvoiceState::open);
}

TEST_F(Invoices, StoresNonOpenStatesAsGiven) {
  auto store = open();
  auto in = invoice("a");
  in.state = InvoiceState::expired;
  store->insert_invoice(in);
  EXPECT_EQ(store->find_invoice(in.payment_hash)->state, InvoiceState::expired);
  EXPECT_FALSE(store->settle_invoice(in.payment_hash, 1));
  auto settled = invoice("b");
  settled.state = InvoiceState::settled;
  settled.settled_at = 42;
  store->insert_invoice(settled);
  EXPECT_EQ(store->find_invoice(settled.payment_hash)->settled_at, 42);
}

TEST_F(Invoices, DuplicatePaymentHashThrowsNamingTheDatabase) {
  auto store = open();
  store->insert_invoice(invoice("a"));
  try {
    store->insert_invoice(invoice("a"));
    FAIL() << "duplicate insert accepted";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(db_path().string()), std::string::npos) << what;
    EXPECT_NE(what.find("UNIQUE"), std::string::npos) << what;
  }
}

TEST_F(Invoices, AmountBeyondBigintIsRejected) {
  auto store = open();
  auto in = invoice("a");
  in.amount_msat = std::numeric_limits<std::uint64_t>::max();
  EXPECT_THROW(store->insert_invoice(in), std::invalid_argument);
  EXPECT_EQ(store->find_invoice(in.payment_hash), std::nullopt);
}

}  // namespace
}  // namespace l402d::store::testing
