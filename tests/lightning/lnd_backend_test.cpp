// The LND backend against a local HTTPS server answering as LND's REST API
// does (lnd v0.21 field names and types), with the test certificate pinned.
// The full stand-in node (tests/lnsim) covers streams and payments.

#include "lightning/lnd_backend.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>

#include "lightning/node_check.hpp"
#include "net/local_server.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

using net::testing::LocalServer;

const std::string kMacaroon = "\x02\x01\x03lnd-invoice-macaroon";
const Hash32 kPreimage = [] {
  Hash32 p{};
  p.fill(7);
  return p;
}();
const Hash32 kHash = sha256(ByteView(kPreimage));

class LndBackendTest : public ::testing::Test {
 protected:
  net::testing::TempDir dir;
  net::testing::TestCert cert = net::testing::make_test_cert(dir.path(), "tls");
  std::string network = "regtest";
  std::string invoice_prefix = "lnbcrt210n1pfake";
  bool macaroon_reads_info = true;  // false: LND's invoice.macaroon
  std::atomic<int> bad_macaroons{0};
  LocalServer server{[this](const LocalServer::Request& req) { return answer(req); }, cert};

  LndConfig config() {
    auto path = dir.path() / "invoice.macaroon";
    std::ofstream(path, std::ios::binary) << kMacaroon;
    ::chmod(path.c_str(), 0600);
    LndConfig c;
    c.host = server.url("");
    if (c.host.back() == '/') c.host.pop_back();
    c.macaroon_path = path;
    c.tls_cert_path = cert.cert_file;
    return c;
  }

  LocalServer::Response answer(const LocalServer::Request& req) {
    const auto hex =
        to_hex(ByteView(reinterpret_cast<const std::uint8_t*>(kMacaroon.data()), kMacaroon.size()));
    if (req["Grpc-Metadata-macaroon"] != hex) {
      ++bad_macaroons;
      return LocalServer::reply(
          req, 500,
          R"({"code":2,"message":"verification failed: signature mismatch","details":[]})");
    }
    const auto target = std::string(req.target());
    if (target == "/v1/getinfo") {
      if (!macaroon_reads_info)
        return LocalServer::reply(req, 500,
                                  R"({"code":2,"message":"permission denied","details":[]})");
      return LocalServer::reply(req, 200,
                                R"({"identity_pubkey":"02aa","alias":"carol","chains":[)"
                                R"({"chain":"bitcoin","network":")" +
                                    network + R"("}],"version":"0.21.2-beta"})");
    }
    if (target == "/v1/invoices" && req.method_string() == "POST") {
      if (req.body().find(R"("value_msat":"21000")") == std::string::npos)
        return LocalServer::reply(req, 400, R"({"code":3,"message":"bad amount"})");
      return LocalServer::reply(
          req, 200,
          R"({"r_hash":")" + base64_encode(ByteView(kHash)) + R"(","payment_request":")" +
              invoice_prefix +
              R"(","add_index":"3",)"
              R"("payment_addr":"ERERERERERERERERERERERERERERERERERERERERERE="})");
    }
    if (target.starts_with("/v2/invoices/lookup?payment_hash=")) {
      if (target.find(lnd_hash_query()) == std::string::npos)
        return LocalServer::reply(
            req, 404, R"({"code":5,"message":"unable to locate invoice","details":[]})");
      return LocalServer::reply(
          req, 200,
          R"({"r_hash":")" + base64_encode(ByteView(kHash)) + R"(","r_preimage":")" +
              base64_encode(ByteView(kPreimage)) +
              R"(","value_msat":"21000","state":"SETTLED","settle_date":"1800000100",)"
              R"("creation_date":"1800000000","expiry":"3600","settle_index":"4"})");
    }
    return LocalServer::reply(req, 404, R"({"code":12,"message":"Not Found"})");
  }

  static std::string lnd_hash_query() {
    auto b64 = base64_encode(ByteView(kHash));
    for (auto& c : b64) {
      if (c == '+') c = '-';
      if (c == '/') c = '_';
    }
    return b64.substr(0, 40);
  }
};

TEST_F(LndBackendTest, MakesAndLooksUpInvoices) {
  LndBackend lnd(config(), bolt11::Network::regtest, [] { return std::int64_t{1'800'000'200}; });
  auto info = check_node(lnd, bolt11::Network::regtest);
  EXPECT_EQ(info.pubkey, "02aa");
  EXPECT_EQ(info.alias, "carol");
  auto created = run_blocking(lnd.async_create_invoice({21'000, "L402 vision", 600}));
  EXPECT_EQ(created.payment_hash, kHash);
  EXPECT_EQ(created.bolt11, "lnbcrt210n1pfake");
  EXPECT_EQ(created.expires_at, 1'800'000'800);
  auto status = run_blocking(lnd.async_lookup_invoice(kHash));
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::settled);
  EXPECT_EQ(status->preimage, kPreimage);
  EXPECT_FALSE(run_blocking(lnd.async_lookup_invoice(Hash32{})));
  EXPECT_EQ(bad_macaroons.load(), 0);
}

TEST_F(LndBackendTest, ANodeOnAnotherNetworkIsRefused) {
  network = "mainnet";
  LndBackend lnd(config());
  try {
    check_node(lnd, bolt11::Network::regtest);
    FAIL() << "started against a mainnet node";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::wrong_network);
    EXPECT_NE(std::string(e.what()).find("mainnet"), std::string::npos) << e.what();
  }
}

// LND's invoice.macaroon may not call getinfo: the start check proves the
// macaroon with a lookup instead, and the network moves to each invoice.
TEST_F(LndBackendTest, AnInvoiceMacaroonIsEnoughAndItsInvoicesAreHeldToTheNetwork) {
  macaroon_reads_info = false;
  LndBackend lnd(config(), bolt11::Network::regtest);
  auto info = check_node(lnd, bolt11::Network::regtest);
  EXPECT_FALSE(info.network);
  EXPECT_TRUE(info.pubkey.empty());
  EXPECT_EQ(run_blocking(lnd.async_create_invoice({21'000, "L402 vision", 600})).bolt11,
            "lnbcrt210n1pfake");
  invoice_prefix = "lnbc210n1pfake";
  try {
    run_blocking(lnd.async_create_invoice({21'000, "L402 vision", 600}));
    FAIL() << "handed out a mainnet invoice under a regtest configuration";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::wrong_network);
    EXPECT_NE(std::string(e.what()).find("mainnet"), std::string::npos) << e.what();
  }
}

TEST_F(LndBackendTest, NodeErrorsKeepTheirMeaning) {
  LndBackend lnd(config());
  try {
    run_blocking(lnd.async_create_invoice({1'000, "L402 vision", 600}));
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::rejected);
    EXPECT_NE(std::string(e.what()).find("bad amount"), std::string::npos) << e.what();
  }
  EXPECT_THROW(run_blocking(lnd.async_create_invoice({0, "x", 600})), BackendError);
}

TEST_F(LndBackendTest, AWrongMacaroonIsUnauthorizedAndNeverLogged) {
  auto c = config();
  std::ofstream(c.macaroon_path, std::ios::binary | std::ios::trunc) << "other";
  LndBackend lnd(c);
  try {
    run_blocking(lnd.async_node_info());
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unauthorized);
    EXPECT_EQ(std::string(e.what()).find(
                  to_hex(ByteView(reinterpret_cast<const std::uint8_t*>("other"), 5))),
              std::string::npos);
  }
}

TEST_F(LndBackendTest, AMacaroonOthersCanReadIsRefused) {
  auto c = config();
  ::chmod(c.macaroon_path.c_str(), 0644);
  try {
    LndBackend lnd(c);
    FAIL() << "accepted a world-readable macaroon";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unauthorized);
    EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
  }
}

TEST_F(LndBackendTest, AnotherCertificateIsNotTrusted) {
  auto c = config();
  c.tls_cert_path = net::testing::make_test_cert(dir.path(), "other").cert_file;
  LndBackend lnd(c);
  EXPECT_THROW(run_blocking(lnd.async_node_info()), BackendError);
}

}  // namespace
}  // namespace l402d::lightning
