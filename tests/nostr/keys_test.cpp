#include "nostr/keys.hpp"

#include <gtest/gtest.h>

#include "nostr/ecdh.hpp"
#include "test_support.hpp"
#include "util/hex.hpp"

namespace l402d::nostr {
namespace {

// Secret and x-only public keys of bitcoin/bips bip-0340/test-vectors.csv.
TEST(Keys, PublicKeysAreBip340XOnlyKeys) {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"0000000000000000000000000000000000000000000000000000000000000003",
       "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9"},
      {"B7E151628AED2A6ABF7158809CF4F3C762E7160F38B4DA56A784D9045190CFEF",
       "dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659"},
      {"C90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B14E5C9",
       "dd308afec5777e13121fa72b9cc1b7cc0139715309b086c960e18fd969774eb8"},
      {"0B432B2677937381AEF05BB02A66ECD012773062CF3FA2549E44F58ED2401710",
       "25d1dff95105f5253c4022f628a996ad3a0d95fbf21d468a1b33f8c160d8f517"},
  };
  for (const auto& [sk, pk] : vectors) {
    EXPECT_EQ(test::secret(sk).public_key().hex(), pk);
  }
}

TEST(Keys, SecretKeysOutsideOneToOrderMinusOneAreRefused) {
  EXPECT_FALSE(SecretKey::from_hex(std::string(64, '0')));
  EXPECT_FALSE(SecretKey::from_hex(  // the group order n
      "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"));
  EXPECT_FALSE(SecretKey::from_hex(std::string(64, 'f')));
  EXPECT_TRUE(SecretKey::from_hex(  // n - 1
      "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"));
}

TEST(Keys, SecretKeyHexMustBeExactly32Bytes) {
  const std::string good = "0000000000000000000000000000000000000000000000000000000000000003";
  EXPECT_TRUE(SecretKey::from_hex(good));
  EXPECT_FALSE(SecretKey::from_hex(good.substr(1)));
  EXPECT_FALSE(SecretKey::from_hex(good + "00"));
  EXPECT_FALSE(SecretKey::from_hex("zz" + good.substr(2)));
  EXPECT_FALSE(SecretKey::from_bytes(Bytes(31, 1)));
  EXPECT_TRUE(SecretKey::from_bytes(Bytes(32, 1)));
}

// BIP-340 vectors 5 and 14: x not on the curve, x above the field size.
TEST(Keys, PublicKeysOffTheCurveAreRefused) {
  EXPECT_FALSE(
      PublicKey::from_hex("eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34"));
  EXPECT_FALSE(
      PublicKey::from_hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30"));
  EXPECT_FALSE(
      PublicKey::from_hex("dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba6"));
  EXPECT_FALSE(PublicKey::from_bytes(Bytes(33, 2)));
}

TEST(Keys, PublicKeyHexIsLowercaseWhateverWasRead) {
  const auto key =
      PublicKey::from_hex("DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->hex(), "dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659");
  EXPECT_EQ(*key, test::pubkey(key->hex()));
}

TEST(Keys, GeneratedKeysDifferAndDeriveTheirPublicKey) {
  const SecretKey a = SecretKey::generate();
  const SecretKey b = SecretKey::generate();
  EXPECT_NE(a.public_key(), b.public_key());
  const auto again = SecretKey::from_bytes(a.bytes());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->public_key(), a.public_key());
}

TEST(Ecdh, SharedXIsTheSameFromBothSides) {
  const SecretKey a = SecretKey::generate();
  const SecretKey b = SecretKey::generate();
  const SecretKey c = SecretKey::generate();
  EXPECT_EQ(to_hex(shared_x(a, b.public_key()).view()), to_hex(shared_x(b, a.public_key()).view()));
  EXPECT_NE(to_hex(shared_x(a, b.public_key()).view()), to_hex(shared_x(a, c.public_key()).view()));
}

// 1·G: the shared x of the key 1 with any public key P is P's own x.
TEST(Ecdh, SharedXIsTheUnhashedXCoordinate) {
  const SecretKey one =
      test::secret("0000000000000000000000000000000000000000000000000000000000000001");
  const PublicKey p =
      test::pubkey("dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659");
  EXPECT_EQ(to_hex(shared_x(one, p).view()), p.hex());
}

}  // namespace
}  // namespace l402d::nostr
