#include "util/crypto.hpp"

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "util/hex.hpp"

namespace l402d {
namespace {

TEST(Sha256, MatchesFips180Vector) {
  EXPECT_EQ(to_hex(sha256(std::string_view("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 incremental;
  incremental.update("a").update("bc");
  EXPECT_EQ(incremental.finish(), sha256(std::string_view("abc")));
}

// RFC 4231 test cases 1, 2 and 6 (key longer than the block size).
TEST(HmacSha256, MatchesRfc4231) {
  const Bytes key1(20, 0x0b);
  EXPECT_EQ(to_hex(hmac_sha256(key1, std::string_view("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(to_hex(hmac_sha256(as_bytes("Jefe"), std::string_view("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  const Bytes key6(131, 0xaa);
  EXPECT_EQ(to_hex(hmac_sha256(
                key6, std::string_view("Test Using Larger Than Block-Size Key - Hash Key First"))),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256, AgreesWithOpenSslHmacOnManyLengths) {
  // Starts at one byte: OpenSSL's HMAC() refuses an empty key given as a null pointer.
  Bytes key = {0x42}, msg;
  for (int n = 0; n < 150; ++n) {
    unsigned char expected[32];
    unsigned int len = 0;
    ASSERT_NE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), msg.data(), msg.size(),
                   expected, &len),
              nullptr);
    const Hash32 ours = hmac_sha256(key, msg);
    ASSERT_EQ(Bytes(expected, expected + 32), Bytes(ours.begin(), ours.end())) << n;
    key.push_back(static_cast<std::uint8_t>(n));
    msg.push_back(static_cast<std::uint8_t>(255 - n));
  }
}

TEST(Random, ProducesDistinctValues) {
  EXPECT_NE(random_array<32>(), random_array<32>());
  // Across refills of the per-thread buffer, and for large requests.
  std::set<Hash32> seen;
  for (int i = 0; i < 1000; ++i)
    EXPECT_TRUE(seen.insert(random_array<32>()).second);
  Bytes big(10000);
  random_bytes(big);
  EXPECT_NE(Bytes(big.begin(), big.begin() + 32), Bytes(big.end() - 32, big.end()));
}

TEST(Random, AForkedChildNeverRepeatsItsParent) {
  (void)random_array<32>();  // the parent's buffer now holds unused bytes
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const auto child = random_array<32>();
    const bool ok = ::write(fds[1], child.data(), child.size()) == 32;
    ::_exit(ok ? 0 : 1);
  }
  ::close(fds[1]);
  Hash32 child{};
  ASSERT_EQ(::read(fds[0], child.data(), child.size()), 32);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_NE(child, random_array<32>());
}

TEST(HmacSha256, EmptyKeyAndMessage) {
  EXPECT_EQ(to_hex(hmac_sha256(ByteView{}, ByteView{})),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  const Bytes a = {1, 2, 3};
  EXPECT_TRUE(constant_time_equal(a, Bytes{1, 2, 3}));
  EXPECT_FALSE(constant_time_equal(a, Bytes{1, 2, 4}));
  EXPECT_FALSE(constant_time_equal(a, Bytes{1, 2}));
}

}  // namespace
}  // namespace l402d
