// Both sides over Nostr Wallet Connect with the real binaries: l402d sells
// through an NWC wallet (backend "nwc"), `l402 fetch --wallet nwc` buys
// through another, over one relay. The relay and the two wallet services run
// in the test process (tests/nwc) and share one ledger, so the buyer's wallet
// can pay the seller's invoice.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "net/http_client.hpp"
#include "nwc/fake_relay.hpp"
#include "nwc/fake_wallet.hpp"
#include "store/store.hpp"
#include "support/e2e_fixture.hpp"
#include "support/l402d_process.hpp"
#include "support/temp_dir.hpp"
#include "util/crypto.hpp"

namespace l402d {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class NwcEndToEnd : public ::testing::Test {
 protected:
  testing::TempDir dir{"l402d-nwc-e2e"};
  std::unique_ptr<store::Store> store = store::open_sqlite_store({dir.path() / "ledger.db"});
  lightning::BuiltinNode ledger{random_array<32>(), *store};
  nwc::testing::FakeRelay relay;
  nwc::testing::FakeWallet seller_wallet{relay.url(), ledger};
  nwc::testing::FakeWallet buyer_wallet{relay.url(), ledger};

  std::unique_ptr<testing::L402dProcess> start_server() {
    auto uri = dir.path() / "seller.uri";
    std::ofstream(uri) << seller_wallet.connection_uri() << "\n";
    ::chmod(uri.c_str(), 0600);
    auto config = dir.path() / "l402d.toml";
    std::ofstream(config) << "[lightning]\nbackend = \"nwc\"\nnetwork = \"regtest\"\n"
                          << "[lightning.nwc]\nuri_path = \"" << uri.string() << "\"\n";
    return std::make_unique<testing::L402dProcess>(
        L402D_BINARY, dir.path() / "server", std::vector<std::string>{"--config", config.string()});
  }

  fs::path request_file() const {
    auto path = dir.path() / "request.json";
    std::ofstream(path) << testing::image_request("What colours are in this image?", "coffee.jpg");
    return path;
  }

  int run_l402(const std::string& args, std::string& out) {
    auto home = dir.path() / "home";
    fs::create_directories(home);
    std::ofstream(home / "config.toml")
        << "wallet = \"nwc\"\nnetwork = \"regtest\"\n[wallets.nwc]\nuri = \""
        << buyer_wallet.connection_uri() << "\"\n";
    auto out_file = dir.path() / "out.txt";
    std::string cmd = std::string(L402_BINARY) + " " + args + " --home " + home.string() + " >" +
                      out_file.string() + " 2>" + (dir.path() / "err.txt").string();
    int status = std::system(cmd.c_str());
    std::ifstream o(out_file);
    std::stringstream so;
    so << o.rdbuf();
    out = so.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string err() const {
    std::ifstream e(dir.path() / "err.txt");
    std::stringstream se;
    se << e.rdbuf();
    return se.str();
  }
};

TEST_F(NwcEndToEnd, BuysAVisionAnswerWalletToWallet) {
  auto server = start_server();
  EXPECT_EQ(server->log().find("SIMULATES"), std::string::npos) << server->log();
  EXPECT_NE(server->log().find("lightning: nwc node"), std::string::npos) << server->log();
  std::string out;
  const int code = run_l402(
      "fetch -s -d @" + request_file().string() + " " + server->url("/api/l402/vision"), out);
  ASSERT_EQ(code, 0) << err() << "\n" << server->log();
  EXPECT_FALSE(json::parse(out).at("content").as_string().empty());
  EXPECT_GE(seller_wallet.requests_served(), 2u);  // get_info, make_invoice
  EXPECT_GE(buyer_wallet.requests_served(), 1u);   // pay_invoice
}

TEST_F(NwcEndToEnd, ARealBackendHasNoDevPayments) {
  auto server = start_server();
  net::HttpRequest r;
  r.method = "POST";
  r.url = server->url("/dev/pay");
  r.headers = {{"Content-Type", "application/json"}};
  r.body = R"({"invoice":"lnbcrt1"})";
  EXPECT_EQ(net::perform(r).status, 404);
}

}  // namespace
}  // namespace l402d
