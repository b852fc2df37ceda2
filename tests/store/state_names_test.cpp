#include "store/state_names.hpp"

#include <gtest/gtest.h>

namespace l402d::store {
namespace {

TEST(StateNames, TokenStatesRoundTrip) {
  for (auto s : {TokenState::issued, TokenState::paid, TokenState::in_progress,
                 TokenState::redeemed, TokenState::failed}) {
    EXPECT_EQ(token_state_from_string(to_string(s)), s) << to_string(s);
  }
  EXPECT_EQ(to_string(TokenState::in_progress), "in_progress");
}

TEST(StateNames, InvoiceStatesRoundTrip) {
  for (auto s : {InvoiceState::open, InvoiceState::settled, InvoiceState::expired,
                 InvoiceState::cancelled}) {
    EXPECT_EQ(invoice_state_from_string(to_string(s)), s) << to_string(s);
  }
  EXPECT_EQ(to_string(InvoiceState::cancelled), "cancelled");
}

TEST(StateNames, UnknownNamesAreRejected) {
  EXPECT_EQ(token_state_from_string("done"), std::nullopt);
  EXPECT_EQ(token_state_from_string("PAID"), std::nullopt);
  EXPECT_EQ(invoice_state_from_string(""), std::nullopt);
}

}  // namespace
}  // namespace l402d::store
