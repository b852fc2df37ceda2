#include "l402/identifier.hpp"

#include <gtest/gtest.h>

#include "support.hpp"
#include "util/crypto.hpp"

namespace l402d::l402 {
namespace {

TEST(Identifier, VectorEncodesAndDecodes) {
  const auto v = test::load_vector();
  Identifier id;
  id.payment_hash = v.payment_hash;
  id.token_id = v.token_id;
  const IdentifierBytes enc = id.encode();
  EXPECT_EQ(Bytes(enc.begin(), enc.end()), v.identifier);
  EXPECT_EQ(id.hash(), v.id_hash);
  auto dec = decode_identifier(v.identifier);
  ASSERT_TRUE(dec);
  EXPECT_EQ(*dec, id);
}

TEST(Identifier, RejectsWrongSizeAndVersion) {
  const auto v = test::load_vector();
  Bytes shorter(v.identifier.begin(), v.identifier.end() - 1);
  EXPECT_EQ(decode_identifier(shorter).error(), IdentifierError::wrong_size);
  Bytes longer = v.identifier;
  longer.push_back(0);
  EXPECT_EQ(decode_identifier(longer).error(), IdentifierError::wrong_size);
  Bytes v1 = v.identifier;
  v1[1] = 1;
  EXPECT_EQ(decode_identifier(v1).error(), IdentifierError::unknown_version);
  EXPECT_EQ(decode_identifier(Bytes{}).error(), IdentifierError::wrong_size);
}

}  // namespace
}  // namespace l402d::l402
