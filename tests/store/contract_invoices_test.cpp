// The invoice store's contract (store_contract.hpp): the builtin node's invoices.

#include <limits>

#include "store_contract.hpp"

namespace l402d::store::testing {
namespace {

TEST_P(Invoices, InsertThenFindReturnsEveryField) {
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

TEST_P(Invoices, UnknownPaymentHashIsNulloptAndCannotTransition) {
  auto store = open();
  store->insert_invoice(invoice("a"));
  EXPECT_EQ(store->find_invoice(hash_of("nope")), std::nullopt);
  EXPECT_FALSE(store->settle_invoice(hash_of("nope"), 5));
  EXPECT_FALSE(store->cancel_invoice(hash_of("nope")));
}

TEST_P(Invoices, SettleMovesOpenToSettledOnce) {
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

TEST_P(Invoices, CancelMovesOpenToCancelledAndBlocksSettlement) {
  auto store = open();
  auto in = invoice("a");
  store->insert_invoice(in);
  EXPECT_TRUE(store->cancel_invoice(in.payment_hash));
  EXPECT_EQ(store->find_invoice(in.payment_hash)->state, InvoiceState::cancelled);
  EXPECT_FALSE(store->cancel_invoice(in.payment_hash));
  EXPECT_FALSE(store->settle_invoice(in.payment_hash, 5));
  EXPECT_EQ(store->find_invoice(in.payment_hash)->state, InvoiceState::cancelled);
}

TEST_P(Invoices, TransitionsTouchOnlyTheirInvoice) {
  auto store = open();
  store->insert_invoice(invoice("a"));
  store->insert_invoice(invoice("b"));
  EXPECT_TRUE(store->settle_invoice(invoice("a").payment_hash, 7));
  EXPECT_EQ(store->find_invoice(invoice("b").payment_hash)->state, InvoiceState::open);
}

TEST_P(Invoices, StoresNonOpenStatesAsGiven) {
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

TEST_P(Invoices, DuplicatePaymentHashIsAConstraintErrorAndKeepsTheFirst) {
  auto store = open();
  store->insert_invoice(invoice("a"));
  auto again = invoice("a");
  again.bolt11 = "lnbcrt1000n1other";
  try {
    store->insert_invoice(again);
    FAIL() << "duplicate insert accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::constraint) << e.what();
  }
  EXPECT_EQ(store->find_invoice(again.payment_hash)->bolt11, invoice("a").bolt11);
}

TEST_P(Invoices, AmountBeyondBigintIsRejected) {
  auto store = open();
  auto in = invoice("a");
  in.amount_msat = std::numeric_limits<std::uint64_t>::max();
  EXPECT_THROW(store->insert_invoice(in), std::invalid_argument);
  EXPECT_EQ(store->find_invoice(in.payment_hash), std::nullopt);
}

}  // namespace
}  // namespace l402d::store::testing
