// Our RFC 6979 nonce must equal libsecp256k1's own, nonce for nonce and
// signature for signature: a wrong nonce function would still produce valid
// signatures, but a repeated nonce leaks the node's key.

#include "bolt11/rfc6979.hpp"

#include <gtest/gtest.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <array>
#include <cstring>

#include "bolt11/signature.hpp"
#include "util/crypto.hpp"

namespace l402d::bolt11 {
namespace {

using Bytes32 = std::array<unsigned char, 32>;

Bytes32 library_nonce(const Bytes32& msg, const Bytes32& key, const unsigned char* algo16,
                      void* data, unsigned int counter) {
  Bytes32 out{};
  EXPECT_EQ(
      secp256k1_nonce_function_rfc6979(out.data(), msg.data(), key.data(), algo16, data, counter),
      1);
  return out;
}

Bytes32 our_nonce(const Bytes32& msg, const Bytes32& key, const unsigned char* algo16, void* data,
                  unsigned int counter) {
  Bytes32 out{};
  EXPECT_EQ(rfc6979_nonce(out.data(), msg.data(), key.data(), algo16, data, counter), 1);
  return out;
}

TEST(Rfc6979, SameNoncesAsLibsecp256k1ForRandomInputsAndRetries) {
  for (int i = 0; i < 200; ++i) {
    const auto msg = random_array<32>();
    const auto key = random_array<32>();
    for (unsigned int counter : {0u, 1u, 2u, 7u}) {
      EXPECT_EQ(our_nonce(msg, key, nullptr, nullptr, counter),
                library_nonce(msg, key, nullptr, nullptr, counter))
          << "i=" << i << " counter=" << counter;
    }
  }
}

TEST(Rfc6979, SameNoncesWithExtraDataAndAlgorithmName) {
  auto msg = random_array<32>();
  auto key = random_array<32>();
  auto extra = random_array<32>();
  const unsigned char algo[16] = {'E', 'C', 'D', 'S', 'A', '+', 'S', 'H',
                                  'A', '2', '5', '6', ' ', ' ', ' ', ' '};
  EXPECT_EQ(our_nonce(msg, key, nullptr, extra.data(), 0),
            library_nonce(msg, key, nullptr, extra.data(), 0));
  EXPECT_EQ(our_nonce(msg, key, algo, nullptr, 1), library_nonce(msg, key, algo, nullptr, 1));
  EXPECT_EQ(our_nonce(msg, key, algo, extra.data(), 3),
            library_nonce(msg, key, algo, extra.data(), 3));
}

// A digest at or above the group order is reduced before it seeds the nonce.
TEST(Rfc6979, MessagesAtOrAboveTheGroupOrderAreReducedAsTheLibraryDoes) {
  const Bytes32 order = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                         0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48,
                         0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41};
  const auto key = random_array<32>();
  Bytes32 all_ones;
  all_ones.fill(0xFF);
  Bytes32 order_plus_300 = order;
  order_plus_300[31] = 0x6D;  // a little above the order
  order_plus_300[30] = 0x42;
  Bytes32 order_minus_one = order;
  order_minus_one[31] = 0x40;
  for (const auto& msg : {order, all_ones, order_plus_300, order_minus_one, Bytes32{}}) {
    EXPECT_EQ(our_nonce(msg, key, nullptr, nullptr, 0),
              library_nonce(msg, key, nullptr, nullptr, 0));
  }
  // The reduction is what makes n and 0 the same message.
  EXPECT_EQ(our_nonce(order, key, nullptr, nullptr, 0),
            our_nonce(Bytes32{}, key, nullptr, nullptr, 0));
}

TEST(Rfc6979, SignaturesAreByteIdenticalToTheLibraryDefault) {
  static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  for (int i = 0; i < 100; ++i) {
    const auto digest = random_array<32>();
    const auto key = random_array<32>();
    secp256k1_ecdsa_recoverable_signature sig;
    ASSERT_EQ(
        secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest.data(), key.data(), nullptr, nullptr),
        1);
    RecoverableSignature expected{};
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, expected.data(), &recid, &sig);
    expected[64] = static_cast<std::uint8_t>(recid);
    EXPECT_EQ(sign_recoverable(digest, key), expected) << "i=" << i;
  }
}

// Deterministic per (key, message), different across messages: the property
// that keeps the key secret.
TEST(Rfc6979, NoncesDependOnKeyAndMessage) {
  const auto msg = random_array<32>();
  const auto key = random_array<32>();
  auto other_msg = msg;
  other_msg[31] ^= 1;
  auto other_key = key;
  other_key[0] ^= 1;
  const auto n = our_nonce(msg, key, nullptr, nullptr, 0);
  EXPECT_EQ(n, our_nonce(msg, key, nullptr, nullptr, 0));
  EXPECT_NE(n, our_nonce(other_msg, key, nullptr, nullptr, 0));
  EXPECT_NE(n, our_nonce(msg, other_key, nullptr, nullptr, 0));
  EXPECT_NE(n, our_nonce(msg, key, nullptr, nullptr, 1));
}

}  // namespace
}  // namespace l402d::bolt11
