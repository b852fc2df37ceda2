#include "client/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "client/wallet.hpp"
#include "temp_home.hpp"

namespace l402d::client {
namespace {

TEST(Config, DefaultsWhenTheFileIsMissing) {
  testing::TempHome home;
  auto c = load_config(home.path() / "config.toml");
  EXPECT_EQ(c.max_sats, 1000U);
  EXPECT_EQ(c.max_fee_sats, 10U);
  EXPECT_EQ(c.receipt_days, 90);
  EXPECT_EQ(c.max_receipts, 1000U);
  EXPECT_FALSE(c.daily_budget_sats);
  EXPECT_EQ(c.wallet, "dev");
  EXPECT_FALSE(c.network);
}

TEST(Config, ReadsEveryKey) {
  auto c = parse_config(R"(
max_sats = 50
max_fee_sats = 3
receipt_days = 7
max_receipts = 20
daily_budget_sats = 500
wallet = "lnd"
network = "regtest"
[wallets.lnd]
host = "https://127.0.0.1:8080"
timeout = 30
)",
                        "config.toml");
  EXPECT_EQ(c.max_sats, 50U);
  EXPECT_EQ(c.max_fee_sats, 3U);
  EXPECT_EQ(c.receipt_days, 7);
  EXPECT_EQ(c.max_receipts, 20U);
  EXPECT_EQ(c.daily_budget_sats, 500U);
  EXPECT_EQ(c.wallet, "lnd");
  EXPECT_EQ(c.network, bolt11::Network::regtest);
  EXPECT_EQ(c.wallets.at("lnd").at("host"), "https://127.0.0.1:8080");
  EXPECT_EQ(c.wallets.at("lnd").at("timeout"), "30");
}

TEST(Config, RefusesMistakes) {
  EXPECT_THROW(parse_config("max_sat = 5", "c"), ConfigError);
  EXPECT_THROW(parse_config("max_sats = -5", "c"), ConfigError);
  EXPECT_THROW(parse_config("max_sats = \"5\"", "c"), ConfigError);
  EXPECT_THROW(parse_config("network = \"moon\"", "c"), ConfigError);
  EXPECT_THROW(parse_config("wallets = 3", "c"), ConfigError);
  EXPECT_THROW(parse_config("max_fee_sats = -1", "c"), ConfigError);
  EXPECT_THROW(parse_config("max_sats = 2100000000000001", "c"), ConfigError);
  EXPECT_THROW(parse_config("receipt_days = 100000", "c"), ConfigError);
  try {
    (void)parse_config("max_sats = = 5", "my.toml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("my.toml:1:"), std::string::npos) << e.what();
  }
}

TEST(Config, DataDirFromEnvironment) {
  const char* old_home = std::getenv("HOME");
  std::string saved = old_home ? old_home : "";
  ::setenv("L402_HOME", "/tmp/some-l402-home", 1);
  EXPECT_EQ(data_dir(), "/tmp/some-l402-home");
  ::unsetenv("L402_HOME");
  ::setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(data_dir(), "/home/someone/.l402");
  if (old_home) ::setenv("HOME", saved.c_str(), 1);
}

TEST(Wallets, FactoryByName) {
  Config c;
  auto w = make_wallet("dev", c, {"http://127.0.0.1:1", default_transport()});
  EXPECT_EQ(w->name(), "dev");
  EXPECT_EQ(w->network(), bolt11::Network::regtest);
  try {
    (void)make_wallet("nwc", c, {"http://x", default_transport()});
    FAIL() << "an nwc wallet without its URI";
  } catch (const WalletError& e) {
    EXPECT_NE(std::string(e.what()).find("connection URI"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)make_wallet("paypal", c, {"http://x", default_transport()}), WalletError);
}

}  // namespace
}  // namespace l402d::client
