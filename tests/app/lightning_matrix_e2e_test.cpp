// Every payer with every seller backend, through the real binaries: l402d
// sells a vision answer with backend Y, `l402 fetch --wallet X` buys it, and
// lnsim (tests/lnsim) is the network between them: LND, Core Lightning,
// LNbits and phoenixd APIs over one ledger, with real TLS, credentials and
// signed invoices. Each pair runs in its own simulated network. NWC goes
// through a relay and a wallet service from npm (tests/interop/nwc) whose
// money is lnsim's LNbits wallet, so an NWC payment is an LNbits payment in
// the ledger.
//
// LND and phoenixd refuse to pay their own invoices (as the real ones do), and
// lnsim has one node per implementation, so those two pairs are left out; the
// other same-implementation pairs are a self-payment (CLN) or an internal
// transfer (LNbits), as on the real ones.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "net/http_client.hpp"
#include "support/e2e_fixture.hpp"
#include "support/l402d_process.hpp"
#include "support/lnsim_process.hpp"
#include "support/nwc_service_process.hpp"
#include "support/temp_dir.hpp"

namespace l402d {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct Pair {
  std::string payer;
  std::string backend;
};

void PrintTo(const Pair& p, std::ostream* os) {
  *os << p.payer << " pays " << p.backend;
}

std::string pair_name(const ::testing::TestParamInfo<Pair>& info) {
  return info.param.payer + "_pays_" + info.param.backend;
}

class LightningMatrix : public ::testing::TestWithParam<Pair> {
 protected:
  testing::TempDir dir{"l402d-matrix"};
  testing::LnsimProcess lnsim{LNSIM_BINARY, dir.path() / "sim"};
  std::unique_ptr<testing::NwcServiceProcess> nwc;

  void SetUp() override {
    if (GetParam().payer == "nwc" || GetParam().backend == "nwc") {
      nwc = std::make_unique<testing::NwcServiceProcess>(
          NODE_BINARY, NWC_SERVICE_SCRIPT, lnsim.info_file(), dir.path() / "nwc.json");
    }
  }
  void TearDown() override { nwc.reset(); }

  // The node an API's payments are booked to in lnsim's ledger.
  static std::string ledger_node(const std::string& api) { return api == "nwc" ? "lnbits" : api; }

  std::string field(const char* api, const char* key) const { return lnsim.field(api, key); }

  // A secret file as an operator would keep it: mode 0600.
  fs::path secret_file(const std::string& name, const std::string& content) const {
    auto path = dir.path() / name;
    std::ofstream(path) << content;
    ::chmod(path.c_str(), 0600);
    return path;
  }

  std::string lnbits_key(const char* which) const {
    auto keys = json::parse(testing::LnsimProcess::slurp(field("lnbits", "keys"))).as_object();
    return std::string(keys.at(which).as_string());
  }

  // [lightning.Y] for l402d, with the least each backend needs: LND's invoice
  // macaroon, CLN's invoice rune, LNbits' invoice key, phoenixd's limited
  // password (phoenix.conf).
  std::string seller_table(const std::string& backend) const {
    std::ostringstream t;
    t << "[lightning]\nbackend = \"" << backend << "\"\nnetwork = \"regtest\"\n";
    t << "[lightning." << backend << "]\n";
    if (backend == "lnd") {
      t << "host = \"" << field("lnd", "url") << "\"\nmacaroon_path = \""
        << field("lnd", "invoice_macaroon") << "\"\ntls_cert_path = \"" << field("lnd", "tls_cert")
        << "\"\n";
    } else if (backend == "cln") {
      t << "host = \"" << field("cln", "url") << "\"\nrune_path = \""
        << field("cln", "invoice_rune") << "\"\ntls_ca_path = \"" << field("cln", "ca_cert")
        << "\"\n";
    } else if (backend == "lnbits") {
      t << "host = \"" << field("lnbits", "url") << "\"\napi_key_path = \""
        << secret_file("seller-lnbits.key", lnbits_key("invoice_key")).string() << "\"\n";
    } else if (backend == "phoenixd") {
      t << "host = \"" << field("phoenixd", "url") << "\"\npassword_path = \""
        << field("phoenixd", "conf") << "\"\n";
    } else if (backend == "nwc") {
      t << "uri_path = \"" << secret_file("seller.nwc", nwc->seller_uri()).string() << "\"\n";
    }
    return t.str();
  }

  // [wallets.X] for l402, with what paying needs: LND's admin macaroon, CLN's
  // admin rune, LNbits' admin key, phoenixd's full password.
  std::string buyer_config(const std::string& payer) const {
    std::ostringstream t;
    t << "wallet = \"" << payer << "\"\nnetwork = \"regtest\"\n[wallets." << payer << "]\n";
    if (payer == "lnd") {
      t << "host = \"" << field("lnd", "url") << "\"\nmacaroon_path = \""
        << field("lnd", "admin_macaroon") << "\"\ntls_cert_path = \"" << field("lnd", "tls_cert")
        << "\"\n";
    } else if (payer == "cln") {
      t << "host = \"" << field("cln", "url") << "\"\nrune_path = \"" << field("cln", "admin_rune")
        << "\"\nca_cert_path = \"" << field("cln", "ca_cert") << "\"\n";
    } else if (payer == "lnbits") {
      t << "host = \"" << field("lnbits", "url") << "\"\nadmin_key_path = \""
        << secret_file("buyer-lnbits.key", lnbits_key("admin_key")).string() << "\"\n";
    } else if (payer == "phoenixd") {
      t << "host = \"" << field("phoenixd", "url") << "\"\nphoenix_conf_path = \""
        << field("phoenixd", "conf") << "\"\n";
    } else if (payer == "nwc") {
      t << "uri = \"" << nwc->buyer_uri() << "\"\n";
    }
    return t.str();
  }

  std::unique_ptr<testing::L402dProcess> start_seller(const std::string& backend) {
    auto config = dir.path() / "l402d.toml";
    std::ofstream(config) << seller_table(backend);
    return std::make_unique<testing::L402dProcess>(
        L402D_BINARY, dir.path() / "server", std::vector<std::string>{"--config", config.string()});
  }

  fs::path request_file() const {
    auto path = dir.path() / "request.json";
    std::ofstream(path) << testing::image_request("What colours are in this image?", "coffee.jpg");
    return path;
  }

  // Runs l402 with the buyer's home; returns its exit status, stdout in `out`.
  int run_l402(const std::string& payer, const std::string& args, std::string& out) {
    auto home = dir.path() / "home";
    fs::create_directories(home);
    std::ofstream(home / "config.toml") << buyer_config(payer);
    ::chmod((home / "config.toml").c_str(), 0600);
    auto out_file = dir.path() / "out.txt";
    std::string cmd = std::string(L402_BINARY) + " " + args + " --home " + home.string() + " >" +
                      out_file.string() + " 2>" + (dir.path() / "err.txt").string();
    int status = std::system(cmd.c_str());
    out = testing::LnsimProcess::slurp(out_file);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string err() const { return testing::LnsimProcess::slurp(dir.path() / "err.txt"); }

  json::array ledger_payments() const {
    net::HttpRequest r;
    r.url = field("control", "url") + "/control/payments";
    return json::parse(net::perform(r).body).at("payments").as_array();
  }
};

TEST_P(LightningMatrix, BuysAVisionAnswer) {
  const auto& [payer, backend] = GetParam();
  auto server = start_seller(backend);
  EXPECT_NE(server->log().find("lightning: " + backend + " node"), std::string::npos)
      << server->log();
  EXPECT_EQ(server->log().find("SIMULATES"), std::string::npos) << server->log();

  std::string out;
  const int code = run_l402(
      payer, "fetch -s -d @" + request_file().string() + " " + server->url("/api/l402/vision"),
      out);
  ASSERT_EQ(code, 0) << err() << "\n"
                     << server->log() << "\n"
                     << lnsim.log() << (nwc ? "\n" + nwc->log() : "");
  EXPECT_FALSE(json::parse(out).at("content").as_string().empty()) << out;

  // One payment, by the buyer's node to the seller's, settled in the ledger.
  auto payments = ledger_payments();
  ASSERT_EQ(payments.size(), 1u) << json::serialize(payments);
  const auto& p = payments.front().as_object();
  EXPECT_EQ(p.at("payer").as_string(), ledger_node(payer));
  EXPECT_EQ(p.at("payee").as_string(), ledger_node(backend));
  EXPECT_EQ(p.at("status").as_string(), "succeeded");

  // The credential the server accepted is kept as a receipt.
  ASSERT_EQ(run_l402(payer, "tokens list", out), 0) << err();
  EXPECT_NE(out.find("used"), std::string::npos) << out;
}

std::vector<Pair> all_pairs() {
  const std::vector<std::string> apis = {"lnd", "cln", "lnbits", "phoenixd", "nwc"};
  std::vector<Pair> pairs;
  for (const auto& payer : apis) {
    for (const auto& backend : apis) {
      if (payer == backend && (payer == "lnd" || payer == "phoenixd")) continue;
      pairs.push_back({payer, backend});
    }
  }
  return pairs;
}

INSTANTIATE_TEST_SUITE_P(Pairs, LightningMatrix, ::testing::ValuesIn(all_pairs()), pair_name);

}  // namespace
}  // namespace l402d
