#include "client/cln_wallet.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fake_wallet_api.hpp"
#include "test_invoice.hpp"

namespace l402d::client {
namespace {

namespace json = boost::json;
using testing::FakeWalletApi;
using testing::make_test_invoice;
using testing::TestInvoice;

const std::string kRune = "tU-RLjMiDpY2U0o3W1oFowar36RFGpWloPbW9-RuZdo9MyZpZD0wMjRiOWExZmE4ZTAw";

// xpay's response (doc/schemas/xpay.json): amounts in msat.
std::string xpay_ok(const TestInvoice& inv, std::uint64_t sent_msat) {
  return json::serialize(json::object{{"payment_preimage", inv.preimage_hex},
                                      {"amount_msat", 21000},
                                      {"amount_sent_msat", sent_msat},
                                      {"failed_parts", 0},
                                      {"successful_parts", 1}});
}

// An RPC error as clnrest passes it on (HTTP 500 unless said otherwise).
std::string rpc_error(int code, const std::string& message) {
  return json::serialize(json::object{{"code", code}, {"message", message}, {"data", nullptr}});
}

std::string listpays(const TestInvoice& inv, std::initializer_list<std::string> states) {
  json::array pays;
  for (const auto& s : states) {
    json::object p{{"bolt11", inv.bolt11},         {"destination", "02aa"},
                   {"payment_hash", inv.hash_hex}, {"status", s},
                   {"created_at", 1700000000},     {"amount_msat", 21000},
                   {"amount_sent_msat", 21300},    {"number_of_parts", 1}};
    if (s == "complete") {
      p["preimage"] = inv.preimage_hex;
      p["completed_at"] = 1700000005;
    }
    pays.push_back(std::move(p));
  }
  return json::serialize(json::object{{"pays", std::move(pays)}});
}

class ClnWalletTest : public ::testing::Test {
 protected:
  ClnWalletTest() {
    endpoint.host = "https://127.0.0.1:3010";
    endpoint.ca_cert_path = "/secrets/cln/ca.pem";
    endpoint.pay_timeout = std::chrono::seconds(45);
    api.reply("POST", "/v1/getinfo", 201,
              R"({"id":"02aa","alias":"bob","network":"regtest","blockheight":110})");
  }
  ClnWallet wallet() { return ClnWallet(endpoint, kRune, api.transport()); }

  WalletEndpoint endpoint;
  FakeWalletApi api;
  TestInvoice inv = make_test_invoice();
};

TEST_F(ClnWalletTest, PaysWithXpayWithinTheMaxFee) {
  api.reply("POST", "/v1/xpay", 201, xpay_ok(inv, 21'502));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.preimage, inv.preimage);
  EXPECT_EQ(r.fee_msat, 502U) << "amount_sent_msat - amount_msat";
  const auto& req = api.last("POST", "/v1/xpay");
  EXPECT_EQ(testing::header_of(req, "Rune"), kRune);
  EXPECT_EQ(req.ca_file, "/secrets/cln/ca.pem");
  EXPECT_NE(std::find(req.secret_headers.begin(), req.secret_headers.end(), "Rune"),
            req.secret_headers.end())
      << "never follow a redirect with the rune";
  auto body = json::parse(req.body).as_object();
  EXPECT_EQ(body.at("invstring").as_string(), inv.bolt11);
  EXPECT_EQ(body.at("maxfee").as_int64(), 10'000) << "msat";
  EXPECT_EQ(body.at("retry_for").as_int64(), 45);
  EXPECT_EQ(api.calls("POST", "/v1/pay"), 0);
}

TEST_F(ClnWalletTest, FallsBackToPayOnlyWhenXpayIsUnknown) {
  api.reply("POST", "/v1/xpay", 404, rpc_error(-32601, "Unknown command 'xpay'"));
  api.reply("POST", "/v1/pay", 201,
            json::serialize(json::object{{"payment_preimage", inv.preimage_hex},
                                         {"payment_hash", inv.hash_hex},
                                         {"created_at", 1700000000.5},
                                         {"parts", 1},
                                         {"amount_msat", 21000},
                                         {"amount_sent_msat", 21021},
                                         {"status", "complete"},
                                         {"destination", "02aa"}}));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 5'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.fee_msat, 21U);
  auto body = json::parse(api.last("POST", "/v1/pay").body).as_object();
  EXPECT_EQ(body.at("bolt11").as_string(), inv.bolt11);
  EXPECT_EQ(body.at("maxfee").as_int64(), 5'000);
  EXPECT_FALSE(body.contains("maxfeepercent")) << "pay refuses maxfee with maxfeepercent";
}

TEST_F(ClnWalletTest, DefiniteRpcFailuresAreFailed) {
  for (int code : {203, 205, 207, 209}) {
    SCOPED_TRACE(code);
    api.reply("POST", "/v1/xpay", 500, rpc_error(code, "Failed after 4 attempts"));
    auto w = wallet();
    auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
    EXPECT_EQ(r.status, PayResult::Status::failed);
    EXPECT_NE(r.message.find(std::to_string(code)), std::string::npos) << r.message;
  }
  EXPECT_EQ(api.calls("POST", "/v1/pay"), 0) << "a failure is no reason to try pay";
  EXPECT_EQ(api.calls("POST", "/v1/listpays"), 0);
}

TEST_F(ClnWalletTest, AlreadyPaidAsksListpays) {
  api.reply("POST", "/v1/xpay", 500, rpc_error(219, "Already paid"));
  api.reply("POST", "/v1/listpays", 201, listpays(inv, {"failed", "complete"}));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.preimage, inv.preimage);
  EXPECT_EQ(r.fee_msat, 300U);
  EXPECT_EQ(
      json::parse(api.last("POST", "/v1/listpays").body).as_object().at("payment_hash").as_string(),
      inv.hash_hex);
}

TEST_F(ClnWalletTest, AnUnclearErrorIsSettledByListpays) {
  api.reply("POST", "/v1/xpay", 500, rpc_error(-1, "Catchall nonspecific error"));
  api.reply("POST", "/v1/listpays", 201, R"({"pays":[]})");
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::failed);
  EXPECT_NE(r.message.find("Catchall"), std::string::npos) << r.message;
  api.reply("POST", "/v1/listpays", 201, listpays(inv, {"pending"}));
  EXPECT_EQ(w.pay(inv.bolt11, inv.decoded, 10'000).status, PayResult::Status::unknown);
}

TEST_F(ClnWalletTest, ATransportErrorAfterSendingIsUnknown) {
  api.on("POST", "/v1/xpay", testing::dropped_connection);
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::unknown) << r.message;
  EXPECT_EQ(api.calls("POST", "/v1/pay"), 0);
  EXPECT_EQ(api.calls("POST", "/v1/listpays"), 0);
}

TEST_F(ClnWalletTest, NoConnectionOrAFailedTlsHandshakeMeansNothingWasSent) {
  for (auto fail : {testing::refused_connection, testing::pin_mismatch}) {
    api.on("POST", "/v1/xpay", fail);
    auto w = wallet();
    auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
    EXPECT_EQ(r.status, PayResult::Status::failed) << r.message;
    EXPECT_NE(r.message.find("nothing was sent"), std::string::npos) << r.message;
  }
}

TEST_F(ClnWalletTest, ARefusedRuneFailsWithoutTheSecret) {
  for (long status : {401L, 403L}) {
    api.reply("POST", "/v1/xpay", status,
              rpc_error(1501, "Not authorized: Not derived from master"));
    auto w = wallet();
    auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
    EXPECT_EQ(r.status, PayResult::Status::failed);
    EXPECT_NE(r.message.find("rune"), std::string::npos) << r.message;
    EXPECT_EQ(r.message.find(kRune), std::string::npos) << r.message;
  }
}

TEST_F(ClnWalletTest, AnInvoiceForAnotherNetworkIsRefusedBeforePaying) {
  api.reply("POST", "/v1/getinfo", 201, R"({"id":"02aa","network":"bitcoin"})");
  auto w = wallet();
  EXPECT_EQ(w.network(), bolt11::Network::mainnet);
  EXPECT_EQ(w.pay(inv.bolt11, inv.decoded, 10'000).status, PayResult::Status::failed);
  EXPECT_EQ(api.calls("POST", "/v1/xpay"), 0);
}

TEST_F(ClnWalletTest, StatusAfterACrash) {
  auto w = wallet();
  api.reply("POST", "/v1/listpays", 201, listpays(inv, {"complete"}));
  auto paid = w.status(inv.bolt11, inv.decoded);
  ASSERT_EQ(paid.status, PayResult::Status::succeeded) << paid.message;
  EXPECT_EQ(paid.preimage, inv.preimage);

  api.reply("POST", "/v1/listpays", 201, listpays(inv, {"failed", "failed"}));
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::failed);

  api.reply("POST", "/v1/listpays", 201, R"({"pays":[]})");
  auto never = w.status(inv.bolt11, inv.decoded);
  EXPECT_EQ(never.status, PayResult::Status::failed);
  EXPECT_NE(never.message.find("never sent"), std::string::npos);

  api.reply("POST", "/v1/listpays", 201, listpays(inv, {"failed", "pending"}));
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);

  api.reply("POST", "/v1/listpays", 401, rpc_error(1501, "Not authorized"));
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);
  api.on("POST", "/v1/listpays", testing::dropped_connection);
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);
  EXPECT_EQ(api.calls("POST", "/v1/xpay"), 0) << "status never pays";
}

TEST_F(ClnWalletTest, ReadsOldStyleMsatStrings) {
  api.reply("POST", "/v1/xpay", 201,
            json::serialize(json::object{{"payment_preimage", inv.preimage_hex},
                                         {"amount_msat", "21000msat"},
                                         {"amount_sent_msat", "21010msat"},
                                         {"failed_parts", 0},
                                         {"successful_parts", 1}}));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.fee_msat, 10U);
}

}  // namespace
}  // namespace l402d::client
