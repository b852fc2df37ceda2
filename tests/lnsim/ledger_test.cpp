// The shared ledger on its own: payments across nodes, fees, balances,
// failures and expiry.

#include "lnsim/ledger.hpp"

#include <gtest/gtest.h>

#include "bolt11/codec.hpp"
#include "lnsim/node.hpp"
#include "lnsim/pay_support.hpp"
#include "util/crypto.hpp"

namespace l402d::lnsim {
namespace {

class LedgerTest : public ::testing::Test {
 protected:
  LedgerTest()
      : lnd_(NodeKind::lnd, random_array<32>(), "a", Chain{}),
        cln_(NodeKind::cln, random_array<32>(), "b", Chain{}),
        lnbits_(NodeKind::lnbits, random_array<32>(), "c", Chain{}),
        phoenixd_(NodeKind::phoenixd, random_array<32>(), "d", Chain{}),
        ledger_(FeePolicy{}, 10'000'000, {lnd_.id(), cln_.id(), lnbits_.id(), phoenixd_.id()}) {}

  InvoiceRecord add(const Node& node, std::uint64_t msat, std::uint64_t expiry = 3600) {
    InvoiceSpec spec;
    spec.amount_msat = msat;
    spec.description = "x";
    spec.expiry_seconds = expiry;
    auto added = ledger_.add_invoice(node.make_invoice(spec));
    EXPECT_TRUE(added.has_value());
    return *added;
  }
  PayResult pay(NodeKind payer, const InvoiceRecord& inv, std::optional<std::uint64_t> limit = {}) {
    auto read = read_invoice(inv.bolt11);
    EXPECT_TRUE(read.has_value());
    return ledger_.pay(pay_request(payer, *read, *inv.amount_msat, limit, false));
  }

  Node lnd_, cln_, lnbits_, phoenixd_;
  Ledger ledger_;
};

TEST_F(LedgerTest, PaymentMovesAmountAndFeeAndSettlesForEveryone) {
  const auto inv = add(cln_, 1'000'000);
  const auto result = pay(NodeKind::lnd, inv);
  ASSERT_EQ(result.kind, PayResult::Kind::paid);
  EXPECT_EQ(result.payment.fee_msat, 2000u);  // 1000 + 0.1 % of 1 000 000
  EXPECT_EQ(result.payment.preimage, inv.preimage);
  EXPECT_EQ(ledger_.balance(NodeKind::lnd), 10'000'000u - 1'002'000u);
  EXPECT_EQ(ledger_.balance(NodeKind::cln), 11'000'000u);
  const auto settled = ledger_.invoice(NodeKind::cln, inv.payment_hash);
  EXPECT_EQ(settled->state, InvoiceState::settled);
  EXPECT_EQ(settled->settle_index, 1u);
  EXPECT_FALSE(ledger_.invoice(NodeKind::lnd, inv.payment_hash).has_value());  // not lnd's

  EXPECT_EQ(pay(NodeKind::lnd, inv).kind, PayResult::Kind::already_paid);
  const auto by_other = pay(NodeKind::phoenixd, inv);
  EXPECT_EQ(by_other.kind, PayResult::Kind::failed);
  EXPECT_EQ(by_other.payment.failure, PaymentFailure::rejected);
}

TEST_F(LedgerTest, FailuresLeaveBalancesAlone) {
  const auto inv = add(lnbits_, 20'000'000);
  const auto poor = pay(NodeKind::lnd, inv);
  EXPECT_EQ(poor.payment.failure, PaymentFailure::insufficient_balance);
  const auto small = add(lnbits_, 1000);
  EXPECT_EQ(pay(NodeKind::lnd, small, 1000).payment.failure, PaymentFailure::fee_limit);
  EXPECT_EQ(ledger_.balance(NodeKind::lnd), 10'000'000u);
  EXPECT_EQ(pay(NodeKind::lnbits, small).kind, PayResult::Kind::refused);  // its own invoice
  EXPECT_EQ(ledger_.payments(NodeKind::lnd).size(), 2u);
}

TEST_F(LedgerTest, DuplicatesAndExpiry) {
  InvoiceSpec spec;
  spec.amount_msat = 5;
  spec.label = "l";
  ASSERT_TRUE(ledger_.add_invoice(cln_.make_invoice(spec)).has_value());
  EXPECT_EQ(ledger_.add_invoice(cln_.make_invoice(spec)).error(), AddError::duplicate_label);
  spec.label.clear();
  spec.preimage = random_array<32>();
  ASSERT_TRUE(ledger_.add_invoice(lnd_.make_invoice(spec)).has_value());
  EXPECT_EQ(ledger_.add_invoice(cln_.make_invoice(spec)).error(), AddError::duplicate_hash);

  const auto inv = add(phoenixd_, 3000);
  auto queue = std::make_shared<EventQueue>(boost::asio::system_executor(), NodeKind::phoenixd,
                                            kInvoiceEvents);
  ledger_.subscribe(queue);
  EXPECT_TRUE(ledger_.expire_now(inv.payment_hash));
  EXPECT_FALSE(ledger_.expire_now(inv.payment_hash));
  EXPECT_EQ(ledger_.invoice(NodeKind::phoenixd, inv.payment_hash)->status(now_ms()),
            InvoiceStatus::expired);
  EXPECT_EQ(pay(NodeKind::lnd, inv).payment.failure, PaymentFailure::rejected);
  EXPECT_FALSE(queue->closed());
}

}  // namespace
}  // namespace l402d::lnsim
