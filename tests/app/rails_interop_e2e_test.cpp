// Every 402 dialect, spoken by clients nobody here wrote, against the real
// binary: @getalby/lightning-tools 9 (fetch402, fetchWithL402, fetchWithMpp,
// fetchWithX402), lsat-js, lnget's published challenge pattern and mppx's
// Challenge/Credential/Receipt codecs (tests/interop/rails, installed by
// `npm ci`). The wallet behind them is the builtin node's /dev/pay.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "support/e2e_fixture.hpp"
#include "support/l402d_process.hpp"
#include "support/lnsim_process.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

namespace l402d {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class RailsInterop : public ::testing::Test {
 protected:
  testing::TempDir dir{"l402d-rails"};

  std::unique_ptr<testing::L402dProcess> start(const std::string& rails_table) {
    auto config = dir.path() / "l402d.toml";
    std::ofstream(config) << "[rails]\n" << rails_table << "\n";
    return std::make_unique<testing::L402dProcess>(
        L402D_BINARY, dir.path() / "server", std::vector<std::string>{"--config", config.string()});
  }

  fs::path request_file() {
    auto path = dir.path() / "request.json";
    if (!fs::exists(path))
      std::ofstream(path) << testing::image_request("What colours are in this image?",
                                                    "coffee.jpg");
    return path;
  }

  // Runs one case of clients.mjs; its one JSON line.
  json::object run(const testing::L402dProcess& server, const std::string& name) {
    const auto out = dir.path() / (name + ".out");
    const auto err = dir.path() / (name + ".err");
    const std::string cmd =
        std::string("cd ") + RAILS_CLIENTS_DIR + " && " + NODE_BINARY + " clients.mjs --case " +
        name + " --url " + server.url("/api/l402/vision") + " --body " + request_file().string() +
        " --pay " + server.url("/dev/pay") + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    const auto text = testing::LnsimProcess::slurp(out);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << name << ": " << text << testing::LnsimProcess::slurp(err) << server.log();
    json::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) {
      ADD_FAILURE() << name << " printed no JSON: " << text << testing::LnsimProcess::slurp(err);
      return {};
    }
    return v.as_object();
  }

  static json::object decoded(const json::value& header) {
    auto bytes = base64_decode(header.as_string());
    EXPECT_TRUE(bytes);
    return json::parse(std::string(bytes->begin(), bytes->end())).as_object();
  }

  static void expect_answer(const json::object& r, const std::string& name) {
    ASSERT_EQ(r.at("status").as_int64(), 200) << name << ": " << json::serialize(r);
    EXPECT_FALSE(r.at("body").at("content").as_string().empty()) << name;
    EXPECT_EQ(r.at("paid").as_int64(), 1) << name << ": paid once";
  }
};

TEST_F(RailsInterop, EveryClientPaysWithAllRailsOn) {
  auto server = start("");
  for (const auto* name : {"alby-fetch402", "alby-l402", "lsat-js"}) {
    auto r = run(*server, name);
    expect_answer(r, name);
    EXPECT_TRUE(r.at("payment_receipt").is_null()) << name << ": L402 was chosen";
  }
  auto x402 = run(*server, "alby-x402");
  expect_answer(x402, "alby-x402");
  auto settled = decoded(x402.at("payment_response"));
  EXPECT_TRUE(settled.at("success").as_bool());
  EXPECT_EQ(settled.at("network").as_string(), "bip122:0f9188f13cb7b2c71f2a335e3a4fc328");
  EXPECT_TRUE(settled.at("transaction").as_string().starts_with("lnbcrt"));

  auto mppx = run(*server, "mppx");
  expect_answer(mppx, "mppx");
  const auto& receipt = mppx.at("receipt").as_object();
  EXPECT_EQ(receipt.at("status").as_string(), "success");
  EXPECT_EQ(receipt.at("method").as_string(), "lightning");
  EXPECT_EQ(receipt.at("reference").as_string().size(), 64u) << "the payment hash";
}

TEST_F(RailsInterop, LngetsPatternFindsTheL402LineFirst) {
  auto server = start("");
  auto r = run(*server, "lnget-pattern");
  EXPECT_EQ(r.at("status").as_int64(), 402);
  EXPECT_TRUE(r.at("matched").as_bool());
  EXPECT_TRUE(r.at("macaroon_ok").as_bool());
  EXPECT_TRUE(r.at("invoice_ok").as_bool());
}

// fetchWithMpp reads only a Payment challenge that comes first: with L402 on
// it leaves the 402 unpaid, as documented; with L402 off it pays.
TEST_F(RailsInterop, FetchWithMppPaysWhenL402IsOff) {
  {
    auto server = start("");
    auto r = run(*server, "alby-mpp");
    EXPECT_EQ(r.at("status").as_int64(), 402);
    EXPECT_EQ(r.at("paid").as_int64(), 0) << "nothing paid for a challenge it cannot read";
  }
  auto server = start("l402 = false");
  auto r = run(*server, "alby-mpp");
  expect_answer(r, "alby-mpp");
  EXPECT_FALSE(r.at("payment_receipt").is_null());
  auto fetch402 = run(*server, "alby-fetch402");
  expect_answer(fetch402, "alby-fetch402 without L402");
  EXPECT_FALSE(fetch402.at("payment_receipt").is_null()) << "fetch402 fell back to MPP";
}

TEST_F(RailsInterop, Fetch402FallsBackToX402) {
  auto server = start("l402 = false\nmpp = false");
  auto r = run(*server, "alby-fetch402");
  expect_answer(r, "alby-fetch402 with x402 only");
  EXPECT_TRUE(decoded(r.at("payment_response")).at("success").as_bool());
}

// Alby keeps the credential of a paid call for polling; the x402 credential
// (invoice only, confirmed with the node) gets the stored answer again.
TEST_F(RailsInterop, AnX402CredentialGetsTheSameAnswerAgain) {
  auto server = start("");
  auto r = run(*server, "alby-x402-reuse");
  expect_answer(r, "alby-x402-reuse");
  EXPECT_EQ(r.at("first_status").as_int64(), 200);
}

TEST_F(RailsInterop, OneInvoiceRedeemsOnEitherRail) {
  auto server = start("");
  auto l402_to_mpp = run(*server, "cross-l402-pays-mpp-redeems");
  expect_answer(l402_to_mpp, "cross-l402-pays-mpp-redeems");
  EXPECT_TRUE(l402_to_mpp.at("same_invoice").as_bool());
  EXPECT_FALSE(l402_to_mpp.at("payment_receipt").is_null());
  auto mpp_to_l402 = run(*server, "cross-mpp-pays-l402-redeems");
  expect_answer(mpp_to_l402, "cross-mpp-pays-l402-redeems");
}

}  // namespace
}  // namespace l402d
