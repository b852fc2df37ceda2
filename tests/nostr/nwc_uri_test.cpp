#include "nostr/nwc_uri.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace l402d::nostr {
namespace {

constexpr std::string_view kWallet =
    "b889ff5b1513b641e2a139f661a661364979c5beee91842f8f0ef42ab558e9d4";
constexpr std::string_view kSecret =
    "71a8c14c1407c113601079c4302dab36460f0ccd0ad506f1f2dc73b5100e4f3c";

// The "Example connection string" of nostr-protocol/nips 47.md.
constexpr std::string_view kSpecExample =
    "nostr+walletconnect://b889ff5b1513b641e2a139f661a661364979c5beee91842f8f0ef42ab558e9d4"
    "?relay=wss%3A%2F%2Frelay.damus.io"
    "&secret=71a8c14c1407c113601079c4302dab36460f0ccd0ad506f1f2dc73b5100e4f3c";

std::string uri(std::string_view scheme, std::string_view query) {
  return std::string(scheme) + std::string(kWallet) + "?" + std::string(query);
}

Error error_of(std::string_view text) {
  auto parsed = parse_nwc_uri(text);
  if (parsed) throw std::runtime_error("expected a refusal");
  return parsed.error();
}

TEST(NwcUri, ParsesTheSpecExample) {
  const auto parsed = parse_nwc_uri(kSpecExample);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->wallet.hex(), kWallet);
  EXPECT_EQ(parsed->relays, std::vector<std::string>{"wss://relay.damus.io"});
  EXPECT_EQ(parsed->secret.public_key(), test::secret(kSecret).public_key());
  EXPECT_FALSE(parsed->lud16.has_value());
}

TEST(NwcUri, KeepsEveryRelayInOrderWithoutRepeatsAndTheLightningAddress) {
  const auto parsed = parse_nwc_uri(uri("nostr+walletconnect://",
                                        "relay=wss%3A%2F%2Frelay.damus.io&relay=wss://nos.lol/"
                                        "&relay=wss%3A%2F%2Frelay.damus.io&secret=" +
                                            std::string(kSecret) + "&lud16=alice%40getalby.com"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->relays, (std::vector<std::string>{"wss://relay.damus.io", "wss://nos.lol/"}));
  EXPECT_EQ(parsed->lud16, "alice@getalby.com");
}

TEST(NwcUri, AcceptsTheSpellingsWalletsAndClientsUse) {
  const std::string query = "relay=wss://r.example&secret=" + std::string(kSecret);
  for (const std::string_view scheme :
       {"nostr+walletconnect://", "nostrwalletconnect://",
        "nostr+walletconnect:", "nostrwalletconnect:", "NOSTR+WALLETCONNECT://"}) {
    SCOPED_TRACE(scheme);
    const auto parsed = parse_nwc_uri(uri(scheme, query));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->wallet.hex(), kWallet);
  }
}

TEST(NwcUri, ToleratesWhatPastingAndUrlsAdd) {
  std::string upper(kWallet);
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string query = "relay=ws://localhost:7447&secret=" + std::string(kSecret);
  for (const std::string& text :
       {"  " + std::string(kSpecExample) + "\n", "nostr+walletconnect://" + upper + "?" + query,
        "nostr+walletconnect://" + std::string(kWallet) + "/?" + query,
        uri("nostr+walletconnect://", query + "&name=My%20App&unknown") + "#fragment"}) {
    SCOPED_TRACE(text);
    const auto parsed = parse_nwc_uri(text);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->wallet.hex(), kWallet);
  }
}

TEST(NwcUri, RefusesMalformedUrisSayingWhat) {
  const std::string secret = "&secret=" + std::string(kSecret);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"https://" + std::string(kWallet) + "?relay=wss://r" + secret, "does not start"},
      {"nostr+walletconnect://?relay=wss://r" + secret, "wallet public key"},
      {"nostr+walletconnect://abcd?relay=wss://r" + secret, "wallet public key"},
      {"nostr+walletconnect:relay=wss%3A%2F%2Frelay.damus.io" + secret, "wallet public key"},
      {"nostr+walletconnect://"
       "eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34?relay=wss://r" +
           secret,
       "secp256k1 point"},
      {uri("nostr+walletconnect://", secret.substr(1)), "no relay"},
      {uri("nostr+walletconnect://", "relay=wss://r"), "no secret"},
      {uri("nostr+walletconnect://", "relay=https://r" + secret), "relay 1 is not a ws"},
      {uri("nostr+walletconnect://", "relay=wss://a&relay=wss%3A" + secret), "relay 2 is not"},
      {uri("nostr+walletconnect://", "relay=wss%3" + secret), "relay 1 has a broken %-escape"},
      {uri("nostr+walletconnect://", "relay=wss://r&secret=abcd"), "secret is not 64 hex"},
      {uri("nostr+walletconnect://", "relay=wss://r" + secret + secret), "more than once"},
      {uri("nostr+walletconnect://", "relay=wss://r&secret=" + std::string(64, '0')),
       "valid secp256k1 secret key"},
  };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    const Error e = error_of(text);
    EXPECT_EQ(e.code, ErrorCode::malformed_uri);
    EXPECT_NE(e.message.find(expected), std::string::npos) << e.message;
  }
}

TEST(NwcUri, ErrorsNeverEchoTheSecret) {
  // Each of these fails after (or while) the secret was read.
  const std::string half = std::string(kSecret.substr(0, 32));
  for (const std::string& text :
       {uri("nostr+walletconnect://", "secret=" + std::string(kSecret)),
        uri("nostr+walletconnect://", "relay=wss://r&secret=" + half),
        uri("nostr+walletconnect://", "relay=wss://r&secret=" + std::string(kSecret) + "%zz"),
        uri("nostr+walletconnect://", "secret=" + std::string(kSecret) + "&relay=http://r"),
        "nostr+walletconnect://nothex?relay=wss://r&secret=" + std::string(kSecret)}) {
    const Error e = error_of(text);
    EXPECT_EQ(e.message.find(half), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find(kSecret.substr(32)), std::string::npos) << e.message;
  }
}

}  // namespace
}  // namespace l402d::nostr
