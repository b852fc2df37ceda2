#include "jobs/callback_signature.hpp"

#include <gtest/gtest.h>

namespace l402d::jobs {
namespace {

// Expected values computed with Python's hmac module, independently of ours.
TEST(CallbackSignature, SecretIsHmacOfTheJobIdUnderTheServerSecret) {
  const Bytes server(32, 7);
  EXPECT_EQ(callback_secret(server, "00112233445566778899aabbccddeeff"),
            "d441106d851825afe8f11100e6dc50c0d44019dd86b514444e66d839be703650");
}

TEST(CallbackSignature, SignsTheTimestampAndTheBody) {
  const std::string secret = "d441106d851825afe8f11100e6dc50c0d44019dd86b514444e66d839be703650";
  EXPECT_EQ(callback_signature(secret, 1700000000, R"({"a":1})"),
            "sha256=2646debc7f7b22fbded7c406bc8f13e559359a71a3f774c96d89da6a3210220d");
  EXPECT_NE(callback_signature(secret, 1700000001, R"({"a":1})"),
            callback_signature(secret, 1700000000, R"({"a":1})"));
}

}  // namespace
}  // namespace l402d::jobs
