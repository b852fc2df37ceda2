#include "client/cli.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "client/exit_codes.hpp"
#include "client/token_cache.hpp"
#include "client/url.hpp"
#include "fake_l402_server.hpp"
#include "fake_wallet_api.hpp"
#include "temp_home.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::client {
namespace {

using testing::FakeL402Server;
using testing::FakeWalletApi;
using testing::TempHome;

class CliTest : public ::testing::Test {
 protected:
  int run(std::vector<std::string> args) {
    out.str("");
    err.str("");
    CliEnv env;
    env.out = &out;
    env.err = &err;
    env.in = &in;
    env.home = home.path();
    env.transport = transport;
    env.environment = [this](const std::string& name) -> std::optional<std::string> {
      auto it = environment.find(name);
      if (it == environment.end()) return std::nullopt;
      return it->second;
    };
    return run_cli(args, env);
  }
  std::string file(const std::string& name) {
    std::ifstream f(home.path() / name);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }

  FakeL402Server server;
  TempHome home;
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  Transport transport = default_transport();
  std::map<std::string, std::string> environment;  // the process's is never read
};

TEST_F(CliTest, FetchPaysAndPrintsTheBody) {
  int code = run({"fetch", "-X", "POST", "-H", "Content-Type: application/json", "-d",
                  R"({"prompt":"x"})", server.url("/api/l402/thing")});
  EXPECT_EQ(code, kExitOk) << err.str();
  EXPECT_EQ(out.str(), R"({"content":"the answer"})");
  EXPECT_NE(err.str().find("paying 21 sats"), std::string::npos) << err.str();
  EXPECT_EQ(server.pay_calls(), 1);
  // Nothing secret reaches stderr.
  auto auth = server.authorizations().at(0);
  auto preimage = auth.substr(auth.rfind(':') + 1);
  EXPECT_EQ(err.str().find(preimage), std::string::npos);
  EXPECT_EQ(err.str().find(auth.substr(5, 30)), std::string::npos);
}

TEST_F(CliTest, DataFromFileAndOutputToFile) {
  std::ofstream(home.path() / "body.json") << R"({"prompt":"file"})";
  in.str(R"({"prompt":"stdin"})");
  auto out_file = (home.path() / "result.json").string();
  EXPECT_EQ(run({"fetch", "-s", "-d", "@" + (home.path() / "body.json").string(), "-o", out_file,
                 server.url("/api/l402/thing")}),
            kExitOk)
      << err.str();
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), "") << "-s keeps stderr quiet";
  EXPECT_EQ(file("result.json"), R"({"content":"the answer"})");
  EXPECT_EQ(run({"fetch", "-s", "-d", "@-", server.url("/api/l402/thing")}), kExitOk);
  EXPECT_EQ(server.pay_calls(), 2);
}

TEST_F(CliTest, MaxSatsFromFlagAndConfig) {
  EXPECT_EQ(run({"fetch", "--max-sats", "20", "-d", "{}", server.url("/api/l402/thing")}),
            kExitRefused);
  EXPECT_NE(err.str().find("max-sats"), std::string::npos) << err.str();
  std::ofstream(home.path() / "config.toml") << "max_sats = 10\n";
  EXPECT_EQ(run({"fetch", "-d", "{}", server.url("/api/l402/thing")}), kExitRefused);
  EXPECT_EQ(run({"fetch", "--max-sats", "21", "-d", "{}", server.url("/api/l402/thing")}), kExitOk)
      << err.str();
  EXPECT_EQ(server.pay_calls(), 1);
}

TEST_F(CliTest, DailyBudgetFromConfig) {
  std::ofstream(home.path() / "config.toml") << "daily_budget_sats = 30\n";
  EXPECT_EQ(run({"fetch", "-d", "{}", server.url("/api/l402/thing")}), kExitOk) << err.str();
  EXPECT_EQ(run({"fetch", "-d", "{}", server.url("/api/l402/thing")}), kExitRefused);
  EXPECT_NE(err.str().find("budget"), std::string::npos) << err.str();
  EXPECT_EQ(server.pay_calls(), 1);
}

TEST_F(CliTest, DryRunPrintsThePrice) {
  EXPECT_EQ(run({"fetch", "--dry-run", "-d", "{}", server.url("/api/l402/thing")}), kExitDryRun);
  EXPECT_NE(out.str().find("price:        21 sats (21000 msat)"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("verdict:      would pay"), std::string::npos) << out.str();
  EXPECT_EQ(server.pay_calls(), 0);
}

TEST_F(CliTest, HttpErrorsExitWith3AndKeepTheBody) {
  EXPECT_EQ(run({"fetch", "-d", "{}", server.url("/api/broken")}), kExitHttp);
  EXPECT_NE(out.str().find("it broke"), std::string::npos);
  EXPECT_NE(err.str().find("HTTP 500"), std::string::npos) << err.str();
}

TEST_F(CliTest, UsageErrorsExitWith1) {
  EXPECT_EQ(run({"fetch"}), kExitUsage);
  EXPECT_EQ(run({"fetch", "ftp://x/"}), kExitUsage);
  EXPECT_EQ(run({"fetch", "-H", "NoColon", server.url("/api/l402/thing")}), kExitUsage);
  EXPECT_EQ(run({"fetch", "--wallet", "nwc", server.url("/api/l402/thing")}), kExitUsage);
  EXPECT_NE(err.str().find("wallets.nwc.uri"), std::string::npos) << err.str();
  EXPECT_EQ(run({"fetch", "--wallet", "lnd", server.url("/api/l402/thing")}), kExitUsage);
  EXPECT_NE(err.str().find("macaroon_path"), std::string::npos) << err.str();
  EXPECT_EQ(run({"frobnicate"}), kExitUsage);
  std::ofstream(home.path() / "config.toml") << "bogus = 1\n";
  EXPECT_EQ(run({"fetch", server.url("/api/l402/thing")}), kExitUsage);
  EXPECT_NE(err.str().find("unknown key"), std::string::npos) << err.str();
  EXPECT_EQ(run({"--help"}), kExitOk);
  EXPECT_EQ(server.pay_calls(), 0);
}

TEST_F(CliTest, NetworkErrorExitsWith2) {
  EXPECT_EQ(run({"fetch", "-m", "2", "http://127.0.0.1:1/x"}), kExitNetwork);
}

TEST_F(CliTest, TokensListAndRemove) {
  int calls = 0;
  transport = [&calls](const net::HttpRequest& r) {
    if (r.url.find("/dev/pay") == std::string::npos && ++calls == 2) {
      throw net::HttpError(net::HttpError::Kind::other, "simulated crash");
    }
    return net::perform(r);
  };
  EXPECT_EQ(run({"fetch", "-d", "{}", server.url("/api/l402/thing")}), kExitNetwork);
  EXPECT_NE(err.str().find("run the same command again"), std::string::npos) << err.str();
  auto entries = TokenCache(home.path() / "tokens.json").list();
  ASSERT_EQ(entries.size(), 1U);
  const auto& e = entries[0];

  EXPECT_EQ(run({"tokens", "list"}), kExitOk);
  EXPECT_NE(out.str().find(e.id), std::string::npos);
  EXPECT_NE(out.str().find("paid"), std::string::npos);
  EXPECT_NE(out.str().find("/api/l402/thing"), std::string::npos);
  EXPECT_EQ(out.str().find(e.preimage), std::string::npos);
  EXPECT_EQ(run({"tokens", "list", "--show-secrets"}), kExitOk);
  EXPECT_NE(out.str().find(e.preimage), std::string::npos);

  EXPECT_EQ(run({"tokens", "rm", "nope"}), kExitUsage);
  EXPECT_EQ(run({"tokens", "rm"}), kExitUsage);
  EXPECT_EQ(run({"tokens", "rm", e.id.substr(0, 6)}), kExitOk);
  EXPECT_EQ(run({"tokens", "list"}), kExitOk);
  EXPECT_NE(out.str().find("no cached credentials"), std::string::npos);
  EXPECT_EQ(run({"tokens", "rm", "--all"}), kExitOk);
  TempHome other;
  EXPECT_EQ(run({"tokens", "list", "--home", other.path().string()}), kExitOk) << err.str();
  EXPECT_NE(out.str().find(other.path().string()), std::string::npos) << out.str();
}

// An LND node in front of the fake server's /dev/pay: SendPaymentV2 pays
// the invoice there and streams the result with a 1.5 sat routing fee.
class CliLndTest : public CliTest {
 protected:
  CliLndTest() {
    lnd.reply("GET", "/v1/getinfo", 200, R"({"chains":[{"chain":"bitcoin","network":"regtest"}]})");
    lnd.on("POST", "/v2/router/send", [this](const net::HttpRequest& r) {
      auto invoice = boost::json::parse(r.body).as_object().at("payment_request").as_string();
      if (drop_before_paying) return testing::dropped_connection(r);
      auto preimage = pay_at_server(std::string(invoice));
      auto hash = to_hex(sha256(*from_hex_array<32>(preimage)));
      settled[hash] = preimage;
      if (drop_after_paying) return testing::dropped_connection(r);
      return testing::http_response(200, succeeded(preimage) + "\n");
    });
    auto to_lnd = lnd.transport();
    transport = [this, to_lnd](const net::HttpRequest& r) {
      if (!r.url.starts_with("https://lnd.test:8080/")) return net::perform(r);
      // TrackPaymentV2: what this node paid, else gRPC NotFound.
      if (r.url.find("/v2/router/track/") != std::string::npos) {
        auto b64 = r.url.substr(r.url.rfind('/') + 1);
        b64 = b64.substr(0, b64.find('?'));
        std::replace(b64.begin(), b64.end(), '-', '+');
        std::replace(b64.begin(), b64.end(), '_', '/');
        auto it = settled.find(to_hex(*base64_decode(b64)));
        ++tracks;
        if (it == settled.end()) {
          return testing::http_response(
              404, R"({"error":{"code":5,"message":"payment isn't initiated","details":[]}})");
        }
        return testing::http_response(200, succeeded(it->second) + "\n");
      }
      return to_lnd(r);
    };
    environment["L402_LND_HOST"] = "https://lnd.test:8080";
    environment["L402_LND_MACAROON_HEX"] = "0201036c6e64";
  }
  std::string pay_at_server(const std::string& invoice) {
    net::HttpRequest pay;
    pay.method = "POST";
    pay.url = server.url("/dev/pay");
    pay.body = boost::json::serialize(boost::json::object{{"invoice", invoice}});
    return std::string(
        boost::json::parse(net::perform(pay).body).as_object().at("preimage").as_string());
  }
  static std::string succeeded(const std::string& preimage) {
    return boost::json::serialize(
        boost::json::object{{"result", boost::json::object{{"status", "SUCCEEDED"},
                                                           {"payment_preimage", preimage},
                                                           {"fee_msat", "1500"}}}});
  }

  FakeWalletApi lnd;
  std::map<std::string, std::string> settled;  // payment hash -> preimage
  bool drop_before_paying = false;
  bool drop_after_paying = false;
  int tracks = 0;
};

TEST_F(CliLndTest, AConnectionLostAfterLndPaidIsResolvedByTrackingNotByPayingAgain) {
  drop_after_paying = true;
  EXPECT_EQ(run({"fetch", "--wallet", "lnd", "-d", "{}", server.url("/api/l402/thing")}),
            kExitPaymentFailed);
  EXPECT_NE(err.str().find("outcome is unknown"), std::string::npos) << err.str();
  drop_after_paying = false;
  EXPECT_EQ(run({"fetch", "--wallet", "lnd", "-d", "{}", server.url("/api/l402/thing")}), kExitOk)
      << err.str();
  EXPECT_EQ(out.str(), R"({"content":"the answer"})");
  EXPECT_EQ(tracks, 1);
  EXPECT_EQ(lnd.calls("POST", "/v2/router/send"), 1) << "never paid twice";
  EXPECT_EQ(server.pay_calls(), 1);
  EXPECT_EQ(server.challenges(), 1);
}

TEST_F(CliLndTest, APaymentLndNeverStartedIsForgottenAndTheRequestBoughtAnew) {
  drop_before_paying = true;
  EXPECT_EQ(run({"fetch", "--wallet", "lnd", "-d", "{}", server.url("/api/l402/thing")}),
            kExitPaymentFailed);
  drop_before_paying = false;
  EXPECT_EQ(run({"fetch", "--wallet", "lnd", "-d", "{}", server.url("/api/l402/thing")}), kExitOk)
      << err.str();
  EXPECT_NE(err.str().find("never sent"), std::string::npos) << err.str();
  EXPECT_EQ(tracks, 1);
  EXPECT_EQ(server.pay_calls(), 1);
  EXPECT_EQ(server.challenges(), 2) << "the first challenge was never paid";
}

TEST_F(CliLndTest, PaysWithLndCountsTheFeeAndKeepsAReceipt) {
  std::ofstream(home.path() / "config.toml") << "wallet = \"lnd\"\ndaily_budget_sats = 100\n"
                                                "max_fee_sats = 5\n";
  EXPECT_EQ(run({"fetch", "-d", "{}", server.url("/api/l402/thing")}), kExitOk) << err.str();
  EXPECT_EQ(out.str(), R"({"content":"the answer"})");
  EXPECT_NE(err.str().find("paying 21 sats (fees up to 5 sats) with the lnd wallet"),
            std::string::npos)
      << err.str();
  EXPECT_EQ(err.str().find("0201036c6e64"), std::string::npos) << "no macaroon on stderr";
  auto sent = boost::json::parse(lnd.last("POST", "/v2/router/send").body).as_object();
  EXPECT_EQ(sent.at("fee_limit_msat").as_string(), "5000");
  EXPECT_NE(file("budget.json").find("\"spent_msat\":22500"), std::string::npos)
      << file("budget.json");

  EXPECT_EQ(run({"tokens", "list"}), kExitOk);
  EXPECT_NE(out.str().find("used      21      1.5"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("POST " + parse_url(server.url()).server() + "/api/l402/thing"),
            std::string::npos)
      << out.str();

  // A receipt is never sent again: the same request is bought anew.
  EXPECT_EQ(run({"fetch", "-s", "--max-fee-sats", "2", "-d", "{}", server.url("/api/l402/thing")}),
            kExitOk)
      << err.str();
  EXPECT_EQ(server.pay_calls(), 2);
  sent = boost::json::parse(lnd.last("POST", "/v2/router/send").body).as_object();
  EXPECT_EQ(sent.at("fee_limit_msat").as_string(), "2000") << "--max-fee-sats wins over the config";
  EXPECT_EQ(run({"tokens", "rm", "--all"}), kExitOk);
  EXPECT_NE(out.str().find("removed 2"), std::string::npos) << out.str();
}

TEST_F(CliLndTest, RefusesAnInvoiceForAnotherNetworkThanTheNodes) {
  lnd.reply("GET", "/v1/getinfo", 200, R"({"chains":[{"chain":"bitcoin","network":"mainnet"}]})");
  EXPECT_EQ(run({"fetch", "--wallet", "lnd", "-d", "{}", server.url("/api/l402/thing")}),
            kExitRefused);
  EXPECT_NE(err.str().find("mainnet"), std::string::npos) << err.str();
  EXPECT_EQ(lnd.calls("POST", "/v2/router/send"), 0);
}

TEST_F(CliLndTest, DryRunShowsTheMaxFee) {
  EXPECT_EQ(
      run({"fetch", "--wallet", "lnd", "--dry-run", "-d", "{}", server.url("/api/l402/thing")}),
      kExitDryRun);
  EXPECT_NE(out.str().find("max fee:      10 sats"), std::string::npos) << out.str();
  EXPECT_EQ(lnd.calls("POST", "/v2/router/send"), 0);
}

TEST_F(CliTest, DownloadsTheAudioUrl) {
  EXPECT_EQ(run({"fetch", "--download", "--download-dir", home.path().string(), "-d", "{}",
                 server.url("/api/l402/music")}),
            kExitOk)
      << err.str();
  EXPECT_EQ(out.str(), R"({"audioUrl":"/media/song-1.mp3"})");
  EXPECT_EQ(file("song-1.mp3"), "ID3-fake-mp3-bytes");
  EXPECT_NE(err.str().find("saved"), std::string::npos);
}

TEST_F(CliTest, ProgressLinesWhileWaiting) {
  server.set_delay(std::chrono::milliseconds(450));
  EXPECT_EQ(run({"fetch", "--progress-interval", "0.1", "-d", "{}", server.url("/api/l402/thing")}),
            kExitOk)
      << err.str();
  EXPECT_NE(err.str().find("waiting for " + server.url("/api/l402/thing") + ": 0 s"),
            std::string::npos)
      << err.str();
  out.str("");
  EXPECT_EQ(
      run({"fetch", "-s", "--progress-interval", "0.1", "-d", "{}", server.url("/api/l402/thing")}),
      kExitOk);
  EXPECT_EQ(err.str(), "");
}

TEST_F(CliTest, DecodeCommand) {
  EXPECT_EQ(run({"decode", "--json",
                 "lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyq"
                 "cyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgqu"
                 "k0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0y"
                 "mjpf39tuven09sam30g4vgpfna3rh"}),
            kExitOk)
      << err.str();
  EXPECT_NE(out.str().find("\"description\":\"1 cup coffee\""), std::string::npos) << out.str();
  EXPECT_EQ(run({"decode", "garbage"}), kExitUsage);
}

}  // namespace
}  // namespace l402d::client
