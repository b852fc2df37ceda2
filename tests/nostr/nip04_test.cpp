#include "nostr/nip04.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "util/base64.hpp"

namespace l402d::nostr::nip04 {
namespace {

// nbd-wtf/nostr-tools nip04.test.ts, "decrypt message from go-nostr" and
// "decrypt big payload from go-nostr": content written by go-nostr.
const SecretKey& go_nostr_sender() {
  static const SecretKey k =
      test::secret("91ba716fa9e7ea2fcbad360cf4f8e0d312f73984da63d90f524ad61a6a1e7dbe");
  return k;
}
const SecretKey& go_nostr_recipient() {
  static const SecretKey k =
      test::secret("96f6fa197aa07477ab88f6981118466ae3a982faab8ad5db9d5426870c73d220");
  return k;
}

constexpr std::string_view kBigPayload =
    "6f8dMstm+udOu7yipSn33orTmwQpWbtfuY95NH+eTU1kArysWJIDkYgI2D25EAGIDJsNd45jOJ2NbVOhFiL3ZP/"
    "NWsTwXokk34iyHyA/lkjzugQ1bHXoMD1fP/Ay4hB4al1NHb8HXHKZaxPrErwdRDb8qa/I6dXb/"
    "1xxyVvNQBHHvmsM5yIFaPwnCN1DZqXf2KbTA/"
    "Ekz7Hy+7R+Sy3TXLQDFpWYqykppkXc7Fs0qSuPRyxz5+"
    "anuN0dxZa9GTwTEnBrZPbthKkNRrvZMdTGJ6WumOh9aUq8OJJWy9aOgsXvs7qjN1UqcCqQqYaVnEOhCaqWNDsVtsFrVDj+"
    "SaLIBvCiomwF4C4nIgngJ5I69tx0UNI0q+ZnvOGQZ7m1PpW2NYP7Yw43HJNdeUEQAmdCPnh/"
    "PJwzLTnIxHmQU7n7SPlMdV0SFa6H8y2HHvex697GAkyE5t8c2uO24OnqIwF1tR3blIqXzTSRl0GA6QvrSj2p4UtnWjvF7x"
    "T7RiIEyTtgU/AsihTrXyXzWWZaIBJogpgw6erlZqWjCH7sZy/WoGYEiblobOAqMYxax6vRbeuGtoYksr/"
    "myX+x9rfLrYuoDRTw4woXOLmMrrj+"
    "Mf0TbAgc3SjdkqdsPU1553rlSqIEZXuFgoWmxvVQDtekgTYyS97G81TDSK9nTJT5ilku8NVq2LgtBXGwsNIw/"
    "xekcOUzJke3kpnFPutNaexR1VF3ohIuqRKYRGcd8ADJP2lfwMcaGRiplAmFoaVS1YUhQwYFNq9rMLf7YauRGV4BJg/"
    "t9srdGxf5RoKCvRo+XM/nLxxysTR9MVaEP/"
    "3lDqjwChMxs+eWfLHE5vRWV8hUEqdrWNZV29gsx5nQpzJ4PARGZVu310pQzc6JAlc2XAhhFk6RamkYJnmCSMnb/"
    "RblzIATBi2kNrCVAlaXIon188inB62rEpZGPkRIP7PUfu27S/"
    "elLQHBHeGDsxOXsBRo1gl3te+raoBHsxo6zvRnYbwdAQa5taDE63eh+fT6kFI+xYmXNAQkU8Dp0MVhEh4JQI06Ni/"
    "AKrvYpC95TXXIphZcF+/Pv/vaGkhG2X9S3uhugwWK?iv=2vWkOQQi0WynNJz/aZ4k2g==";

std::optional<ErrorCode> decrypt_code(std::string_view content) {
  const auto result = decrypt(content, go_nostr_recipient(), go_nostr_sender().public_key());
  if (result) return std::nullopt;
  return result.error().code;
}

TEST(Nip04, DecryptsGoNostrsContent) {
  const auto text =
      decrypt("zJxfaJ32rN5Dg1ODjOlEew==?iv=EV5bUjcc4OX2Km/zPp4ndQ==", go_nostr_recipient(),
              go_nostr_sender().public_key());
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_EQ(*text, "nanana");
}

TEST(Nip04, DecryptsGoNostrsBigContent) {
  const auto text = decrypt(kBigPayload, go_nostr_recipient(), go_nostr_sender().public_key());
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_EQ(*text, std::string(800, 'z'));
}

TEST(Nip04, EncryptingWithTheSameIvReproducesGoNostrsContent) {
  const Iv iv = [] {
    Iv out{};
    const Bytes b = base64_decode("EV5bUjcc4OX2Km/zPp4ndQ==").value();
    std::copy(b.begin(), b.end(), out.begin());
    return out;
  }();
  EXPECT_EQ(encrypt("nanana", go_nostr_sender(), go_nostr_recipient().public_key(), iv),
            "zJxfaJ32rN5Dg1ODjOlEew==?iv=EV5bUjcc4OX2Km/zPp4ndQ==");
}

TEST(Nip04, RoundTripsBetweenTwoKeysAndIsSymmetric) {
  const SecretKey alice = SecretKey::generate();
  const SecretKey bob = SecretKey::generate();
  for (const std::string_view text : {std::string_view(""), std::string_view("{\"a\":1}"),
                                      std::string_view("exactly sixteen!")}) {
    const std::string content = encrypt(text, alice, bob.public_key());
    EXPECT_EQ(decrypt(content, bob, alice.public_key()).value(), text);
    EXPECT_EQ(decrypt(content, alice, bob.public_key()).value(), text);
  }
}

TEST(Nip04, IvsAreRandom) {
  const SecretKey alice = SecretKey::generate();
  const PublicKey bob = SecretKey::generate().public_key();
  EXPECT_NE(encrypt("same", alice, bob), encrypt("same", alice, bob));
}

TEST(Nip04, WrongKeyFailsThePadding) {
  // One chance in ~256 that a wrong key still ends in valid PKCS#7 padding;
  // this pair does not.
  const auto result =
      decrypt("zJxfaJ32rN5Dg1ODjOlEew==?iv=EV5bUjcc4OX2Km/zPp4ndQ==", go_nostr_sender(),
              go_nostr_sender().public_key());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::invalid_padding);
}

TEST(Nip04, MalformedContentIsRefused) {
  EXPECT_EQ(decrypt_code("zJxfaJ32rN5Dg1ODjOlEew=="), ErrorCode::malformed_payload);
  EXPECT_EQ(decrypt_code("zJxfaJ32rN5Dg1ODjOlEew==?iv="), ErrorCode::malformed_payload);
  EXPECT_EQ(decrypt_code("zJxfaJ32rN5Dg1ODjOlEew==?iv=EV5bUjcc4OX2Km/zPp4n"),
            ErrorCode::malformed_payload);  // 12-byte IV
  EXPECT_EQ(decrypt_code("zJxfaJ32rN5Dg1ODjOlE?iv=EV5bUjcc4OX2Km/zPp4ndQ=="),
            ErrorCode::malformed_payload);  // not whole blocks
  EXPECT_EQ(decrypt_code("?iv=EV5bUjcc4OX2Km/zPp4ndQ=="), ErrorCode::malformed_payload);
  EXPECT_EQ(decrypt_code("zJxfaJ32rN5Dg1ODjOlEew?iv=EV5bUjcc4OX2Km/zPp4ndQ=="),
            ErrorCode::malformed_payload);  // unpadded base64
  EXPECT_EQ(decrypt_code("zJxfaJ32rN5Dg1ODjOlEew==?iv=EV5bUjcc4OX2Km/zPp4ndQ=="), std::nullopt);
}

TEST(Nip04, ContentAboveTheLimitIsRefused) {
  const auto result = decrypt(kBigPayload, go_nostr_recipient(), go_nostr_sender().public_key(),
                              kBigPayload.size() - 1);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::payload_too_large);
}

}  // namespace
}  // namespace l402d::nostr::nip04
