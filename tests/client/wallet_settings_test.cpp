#include "client/wallet_settings.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "client/wallet.hpp"
#include "fake_wallet_api.hpp"
#include "temp_home.hpp"
#include "test_invoice.hpp"
#include "util/base64.hpp"

namespace l402d::client {
namespace {

using testing::FakeWalletApi;
using testing::header_of;
using testing::TempHome;

class WalletSettingsTest : public ::testing::Test {
 protected:
  WalletSettingsTest() {
    api.reply("GET", "/v1/getinfo", 200, R"({"chains":[{"chain":"bitcoin","network":"regtest"}]})");
    api.reply("POST", "/v1/getinfo", 201, R"({"network":"regtest"})");
    api.reply("GET", "/getinfo", 200, R"({"chain":"regtest"})");
  }
  std::unique_ptr<Wallet> make(const std::string& name) {
    WalletContext c;
    c.server_origin = "http://shop.test";
    c.transport = api.transport();
    c.environment = [this](const std::string& n) -> std::optional<std::string> {
      auto it = env.find(n);
      if (it == env.end()) return std::nullopt;
      return it->second;
    };
    return make_wallet(name, config, c);
  }
  std::string error_of(const std::string& name) {
    try {
      (void)make(name);
    } catch (const WalletError& e) {
      return e.what();
    }
    ADD_FAILURE() << name << " was made";
    return {};
  }
  std::string write(const std::string& name, const std::string& bytes) {
    auto p = home.path() / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }

  Config config;
  std::map<std::string, std::string> env;
  FakeWalletApi api;
  TempHome home;
};

TEST_F(WalletSettingsTest, EnvironmentVariablesOverrideTheConfigFile) {
  config.wallets["lnd"] = {{"host", "https://config.test:8080"}, {"macaroon_hex", "00ff\n"}};
  env["L402_LND_HOST"] = "https://env.test:10080";
  auto w = make("lnd");
  EXPECT_EQ(w->name(), "lnd");
  EXPECT_EQ(w->network(), bolt11::Network::regtest);
  const auto& req = api.last("GET", "/v1/getinfo");
  EXPECT_EQ(req.url, "https://env.test:10080/v1/getinfo");
  EXPECT_EQ(header_of(req, "Grpc-Metadata-macaroon"), "00ff");
}

TEST_F(WalletSettingsTest, TheMacaroonFileIsSentAsHex) {
  config.wallets["lnd"] = {
      {"macaroon_path", write("admin.macaroon", std::string("\x02\x01\x03\xff\x00", 5))},
      {"tls_cert_path", "/etc/lnd/tls.cert"}};
  auto w = make("lnd");
  (void)w->network();
  const auto& req = api.last("GET", "/v1/getinfo");
  EXPECT_EQ(req.url, "https://127.0.0.1:8080/v1/getinfo") << "LND's default REST address";
  EXPECT_EQ(header_of(req, "Grpc-Metadata-macaroon"), "020103ff00");
  EXPECT_EQ(req.pinned_cert_file, "/etc/lnd/tls.cert");
}

TEST_F(WalletSettingsTest, TextSecretsComeFromFilesOrTheEnvironmentTrimmed) {
  config.wallets["cln"] = {{"rune_path", write("rune", "  the-rune\n")},
                           {"ca_cert_path", "/etc/cln/ca.pem"}};
  (void)make("cln")->network();
  EXPECT_EQ(header_of(api.last("POST", "/v1/getinfo"), "Rune"), "the-rune");
  EXPECT_EQ(api.last("POST", "/v1/getinfo").url, "https://127.0.0.1:3010/v1/getinfo");

  env["L402_PHOENIXD_PASSWORD_PATH"] = write("pw", "hunter2\n");
  (void)make("phoenixd")->network();
  EXPECT_EQ(header_of(api.last("GET", "/getinfo"), "Authorization"),
            "Basic " + base64_encode(as_bytes(":hunter2")));
  EXPECT_EQ(api.last("GET", "/getinfo").url, "http://127.0.0.1:9740/getinfo");

  env.clear();
  config.wallets["phoenixd"] = {
      {"phoenix_conf_path", write("phoenix.conf", "chain=mainnet\nhttp-password=fromconf\n")}};
  (void)make("phoenixd")->network();
  EXPECT_EQ(header_of(api.last("GET", "/getinfo"), "Authorization"),
            "Basic " + base64_encode(as_bytes(":fromconf")));

  auto inv = testing::make_test_invoice();
  env["L402_LNBITS_HOST"] = "https://lnbits.test/";
  env["L402_LNBITS_ADMIN_KEY"] = "k3y";
  api.reply("GET", "/api/v1/payments/" + inv.hash_hex, 404,
            R"({"detail":"Payment does not exist."})");
  (void)make("lnbits")->status(inv.bolt11, inv.decoded);
  const auto& req = api.last("GET", "/api/v1/payments/" + inv.hash_hex);
  EXPECT_EQ(req.url, "https://lnbits.test/api/v1/payments/" + inv.hash_hex);
  EXPECT_EQ(header_of(req, "X-Api-Key"), "k3y");
}

TEST_F(WalletSettingsTest, HomeIsExpandedInPaths) {
  write("rune", "r");
  env["HOME"] = home.path().string();
  config.wallets["cln"] = {{"rune_path", "~/rune"}};
  (void)make("cln")->network();
  EXPECT_EQ(header_of(api.last("POST", "/v1/getinfo"), "Rune"), "r");
}

TEST_F(WalletSettingsTest, MissingSecretsNameTheSettingsToSet) {
  EXPECT_NE(error_of("lnd").find("L402_LND_MACAROON_PATH"), std::string::npos);
  EXPECT_NE(error_of("cln").find("wallets.cln.rune_path"), std::string::npos);
  EXPECT_NE(error_of("lnbits").find("wallets.lnbits.host"), std::string::npos);
  env["L402_LNBITS_HOST"] = "https://lnbits.test";
  EXPECT_NE(error_of("lnbits").find("L402_LNBITS_ADMIN_KEY"), std::string::npos);
  EXPECT_NE(error_of("phoenixd").find("phoenix_conf_path"), std::string::npos);
  EXPECT_TRUE(api.requests().empty()) << "nothing is asked of a wallet that cannot be made";
}

TEST_F(WalletSettingsTest, MistakesAreRefusedWithoutRepeatingSecrets) {
  config.wallets["cln"] = {{"rune_path", (home.path() / "missing").string()}};
  auto missing = error_of("cln");
  EXPECT_NE(missing.find("cannot read"), std::string::npos) << missing;
  EXPECT_NE(missing.find("missing"), std::string::npos) << missing;

  config.wallets["cln"] = {{"rune_path", write("empty", "\n")}};
  EXPECT_NE(error_of("cln").find("empty"), std::string::npos);

  config.wallets["lnd"] = {{"macaroon_hex", "not-hex-s3cr3t"}};
  auto bad_hex = error_of("lnd");
  EXPECT_NE(bad_hex.find("not hex"), std::string::npos) << bad_hex;
  EXPECT_EQ(bad_hex.find("s3cr3t"), std::string::npos) << bad_hex;

  config.wallets["lnd"] = {{"macaroon_hex", "00"}, {"macaroon", "typo"}};
  EXPECT_NE(error_of("lnd").find("wallets.lnd.macaroon: unknown setting"), std::string::npos);

  config.wallets["lnd"] = {{"macaroon_hex", "00"}, {"timeout_seconds", "0"}};
  EXPECT_NE(error_of("lnd").find("timeout_seconds"), std::string::npos);
  config.wallets["lnd"] = {{"macaroon_hex", "00"}, {"pay_timeout_seconds", "soon"}};
  EXPECT_NE(error_of("lnd").find("pay_timeout_seconds"), std::string::npos);
  config.wallets["lnd"] = {{"macaroon_hex", "00"}, {"host", "ftp://node"}};
  EXPECT_NE(error_of("lnd").find("host"), std::string::npos);
}

TEST_F(WalletSettingsTest, EndpointSettings) {
  config.wallets["lnbits"] = {{"host", "https://example.test/lnbits/"},
                              {"timeout_seconds", "7"},
                              {"pay_timeout_seconds", "120"}};
  WalletSettingsReader reader("lnbits", config, {});
  auto e = read_endpoint(reader, "");
  EXPECT_EQ(e.host, "https://example.test/lnbits");
  EXPECT_EQ(e.timeout, std::chrono::seconds(7));
  EXPECT_EQ(e.pay_timeout, std::chrono::seconds(120));
  EXPECT_EQ(reader.describe("admin_key"), "wallets.lnbits.admin_key (or L402_LNBITS_ADMIN_KEY)");
}

}  // namespace
}  // namespace l402d::client
