#include "client/lnd_wallet.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fake_wallet_api.hpp"
#include "test_invoice.hpp"

namespace l402d::client {
namespace {

namespace json = boost::json;
using testing::FakeWalletApi;
using testing::http_response;
using testing::make_test_invoice;
using testing::TestInvoice;

const std::string kMacaroonHex = "0201036c6e6402f801030a10b3bf4ba1ad33af5d6b6b2e8e4b5c1e7d";
const std::string kSend = "/v2/router/send";

// An lnrpc.Payment as LND's REST gateway writes it: every field emitted,
// int64 as strings, hashes and preimages as hex.
std::string payment(const TestInvoice& inv, const std::string& status,
                    const std::string& fee_msat = "0",
                    const std::string& failure = "FAILURE_REASON_NONE",
                    std::optional<std::string> preimage = std::nullopt) {
  bool done = status == "SUCCEEDED";
  json::object p{{"payment_hash", inv.hash_hex},
                 {"value", "21"},
                 {"creation_date", "1700000000"},
                 {"fee", "0"},
                 {"payment_preimage", preimage.value_or(done ? inv.preimage_hex : "")},
                 {"value_sat", "21"},
                 {"value_msat", "21000"},
                 {"payment_request", inv.bolt11},
                 {"status", status},
                 {"fee_sat", "0"},
                 {"fee_msat", fee_msat},
                 {"creation_time_ns", "1700000000000000000"},
                 {"htlcs", json::array{}},
                 {"payment_index", "7"},
                 {"failure_reason", failure},
                 {"first_hop_custom_records", json::object{}}};
  return json::serialize(json::object{{"result", std::move(p)}});
}

std::string rpc_error(int code, const std::string& message) {
  return json::serialize(json::object{
      {"error", json::object{{"code", code}, {"message", message}, {"details", json::array{}}}}});
}

std::string getinfo(const std::string& network) {
  return json::serialize(json::object{
      {"identity_pubkey", "02aa"},
      {"alias", "alice"},
      {"chains", json::array{json::object{{"chain", "bitcoin"}, {"network", network}}}},
      {"synced_to_chain", true}});
}

// The track path for a payment hash: base64url with padding (grpc-gateway
// decodes bytes in paths with StdEncoding, then URLEncoding).
std::string track_path(const TestInvoice& inv) {
  return "/v2/router/track/" + [&] {
    std::string s;
    static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const auto& h = inv.decoded.payment_hash;
    std::size_t i = 0;
    for (; i + 3 <= h.size(); i += 3) {
      unsigned v = h[i] << 16 | h[i + 1] << 8 | h[i + 2];
      for (int k = 18; k >= 0; k -= 6)
        s += abc[(v >> k) & 63];
    }
    unsigned v = h[i] << 16 | h[i + 1] << 8;  // 32 = 30 + 2 bytes left
    s += abc[(v >> 18) & 63];
    s += abc[(v >> 12) & 63];
    s += abc[(v >> 6) & 63];
    s += '=';
    return s;
  }();
}

class LndWalletTest : public ::testing::Test {
 protected:
  LndWalletTest() {
    endpoint.host = "https://127.0.0.1:8080";
    endpoint.tls_cert_path = "/secrets/lnd/tls.cert";
    endpoint.timeout = std::chrono::seconds(30);
    endpoint.pay_timeout = std::chrono::seconds(60);
    api.reply("GET", "/v1/getinfo", 200, getinfo("regtest"));
  }
  LndWallet wallet() { return LndWallet(endpoint, kMacaroonHex, api.transport()); }
  void expect_no_secret(const PayResult& r) {
    EXPECT_EQ(r.message.find(kMacaroonHex), std::string::npos) << r.message;
    EXPECT_EQ(r.message.find(inv.preimage_hex), std::string::npos) << r.message;
  }

  WalletEndpoint endpoint;
  FakeWalletApi api;
  TestInvoice inv = make_test_invoice();
};

TEST_F(LndWalletTest, PaysWithAFeeLimitAndReadsTheStreamToTheFinalUpdate) {
  api.reply("POST", kSend, 200,
            payment(inv, "IN_FLIGHT") + "\n" + payment(inv, "SUCCEEDED", "1500") + "\n");
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.preimage, inv.preimage);
  EXPECT_EQ(r.fee_msat, 1500U);

  const auto& req = api.last("POST", kSend);
  EXPECT_EQ(req.url, "https://127.0.0.1:8080/v2/router/send");
  EXPECT_EQ(testing::header_of(req, "Grpc-Metadata-macaroon"), kMacaroonHex);
  EXPECT_EQ(req.pinned_cert_file, "/secrets/lnd/tls.cert");
  EXPECT_EQ(req.timeout, std::chrono::seconds(90)) << "the node's 60 s plus the call's 30 s";
  auto body = json::parse(req.body).as_object();
  EXPECT_EQ(body.at("payment_request").as_string(), inv.bolt11);
  EXPECT_EQ(body.at("fee_limit_msat").as_string(), "10000") << "int64 as a JSON string";
  EXPECT_FALSE(body.contains("fee_limit_sat")) << "mutually exclusive with fee_limit_msat";
  EXPECT_EQ(body.at("timeout_seconds").as_int64(), 60);
  EXPECT_EQ(body.at("no_inflight_updates").as_bool(), true);
}

TEST_F(LndWalletTest, AFailedPaymentIsFailed) {
  api.reply("POST", kSend, 200, payment(inv, "FAILED", "0", "FAILURE_REASON_NO_ROUTE") + "\n");
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::failed);
  EXPECT_NE(r.message.find("FAILURE_REASON_NO_ROUTE"), std::string::npos) << r.message;
  EXPECT_EQ(api.calls("GET", track_path(inv)), 0);
}

TEST_F(LndWalletTest, AStreamEndingInFlightIsUnknown) {
  api.reply("POST", kSend, 200, payment(inv, "IN_FLIGHT") + "\n");
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::unknown);
  EXPECT_NE(r.message.find("IN_FLIGHT"), std::string::npos) << r.message;
}

TEST_F(LndWalletTest, ATransportErrorAfterSendingIsUnknownNeverFailed) {
  api.on("POST", kSend, testing::dropped_connection);
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::unknown) << r.message;
  EXPECT_EQ(api.calls("GET", track_path(inv)), 0) << "a payment may still be starting";
}

TEST_F(LndWalletTest, NoConnectionOrAFailedTlsHandshakeMeansNothingWasSent) {
  for (auto fail : {testing::refused_connection, testing::pin_mismatch}) {
    api.on("POST", kSend, fail);
    auto w = wallet();
    auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
    EXPECT_EQ(r.status, PayResult::Status::failed) << r.message;
    EXPECT_NE(r.message.find("nothing was sent"), std::string::npos) << r.message;
  }
}

TEST_F(LndWalletTest, APreimageThatDoesNotHashToTheInvoiceIsNotProof) {
  api.reply("POST", kSend, 200,
            payment(inv, "SUCCEEDED", "0", "FAILURE_REASON_NONE", std::string(64, 'a')) + "\n");
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::unknown);
  EXPECT_NE(r.message.find("does not match"), std::string::npos) << r.message;
}

TEST_F(LndWalletTest, ARefusedMacaroonFailsWithoutSendingAndWithoutTheSecret) {
  // LND reports macaroon problems as gRPC Unknown: HTTP 500.
  for (
      const auto& body :
      {std::string(
           R"({"code":2,"message":"verification failed: signature mismatch after caveat verification","details":[]})"),
       rpc_error(2, "expected 1 macaroon, got 0"),
       std::string(
           R"({"error":"cannot get macaroon: root key with id 0 doesn't exist","code":2})")}) {
    SCOPED_TRACE(body);
    api.reply("POST", kSend, 500, body);
    auto w = wallet();
    auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
    EXPECT_EQ(r.status, PayResult::Status::failed);
    EXPECT_NE(r.message.find("macaroon"), std::string::npos) << r.message;
    expect_no_secret(r);
  }
  api.reply("POST", kSend, 403, "Forbidden");
  auto w = wallet();
  EXPECT_EQ(w.pay(inv.bolt11, inv.decoded, 10'000).status, PayResult::Status::failed);
  EXPECT_EQ(api.calls("GET", track_path(inv)), 0);
}

TEST_F(LndWalletTest, ASecretEchoedBackByTheNodeNeverReachesAMessage) {
  api.reply("POST", kSend, 500, rpc_error(2, "invoice refused for macaroon " + kMacaroonHex));
  api.reply("GET", track_path(inv), 404, rpc_error(5, "payment isn't initiated"));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::failed);
  EXPECT_NE(r.message.find("[redacted]"), std::string::npos) << r.message;
  expect_no_secret(r);
  api.on("POST", kSend, [](const net::HttpRequest& req) -> net::HttpResponse {
    throw net::HttpError(net::HttpError::Kind::other,
                         "proxy said: " + testing::header_of(req, "Grpc-Metadata-macaroon"));
  });
  auto dropped = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(dropped.status, PayResult::Status::unknown);
  expect_no_secret(dropped);
}

TEST_F(LndWalletTest, AnAlreadyPaidInvoiceIsResolvedByTracking) {
  api.reply("POST", kSend, 409, rpc_error(6, "invoice is already paid"));
  api.reply("GET", track_path(inv), 200, payment(inv, "SUCCEEDED", "700") + "\n");
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.preimage, inv.preimage);
  EXPECT_EQ(r.fee_msat, 700U);
}

TEST_F(LndWalletTest, AnInvoiceLndRefusesIsFailedOnceLndHasNoPaymentForIt) {
  api.reply("POST", kSend, 500, rpc_error(2, "invoice expired. Valid until 2023-11-14"));
  api.reply("GET", track_path(inv), 404, rpc_error(5, "payment isn't initiated"));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::failed);
  EXPECT_NE(r.message.find("invoice expired"), std::string::npos) << r.message;
}

TEST_F(LndWalletTest, AnInvoiceForAnotherNetworkIsRefusedBeforePaying) {
  api.reply("GET", "/v1/getinfo", 200, getinfo("mainnet"));
  auto w = wallet();
  EXPECT_EQ(w.network(), bolt11::Network::mainnet);
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::failed);
  EXPECT_NE(r.message.find("regtest"), std::string::npos) << r.message;
  EXPECT_EQ(api.calls("POST", kSend), 0);
  EXPECT_EQ(api.calls("GET", "/v1/getinfo"), 1) << "asked once, remembered";
}

TEST_F(LndWalletTest, StatusAfterACrash) {
  auto w = wallet();
  api.reply("GET", track_path(inv), 200, payment(inv, "SUCCEEDED", "1200") + "\n");
  auto paid = w.status(inv.bolt11, inv.decoded);
  ASSERT_EQ(paid.status, PayResult::Status::succeeded) << paid.message;
  EXPECT_EQ(paid.preimage, inv.preimage);
  EXPECT_EQ(paid.fee_msat, 1200U);
  EXPECT_EQ(
      api.last("GET", track_path(inv)).url.find("no_inflight_updates=true") != std::string::npos,
      true);

  api.reply("GET", track_path(inv), 200,
            payment(inv, "FAILED", "0", "FAILURE_REASON_TIMEOUT") + "\n");
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::failed);

  api.reply("GET", track_path(inv), 404, rpc_error(5, "payment isn't initiated"));
  auto never = w.status(inv.bolt11, inv.decoded);
  EXPECT_EQ(never.status, PayResult::Status::failed);
  EXPECT_NE(never.message.find("never sent"), std::string::npos) << never.message;

  // Still in flight: LND holds the stream open until it ends.
  api.on("GET", track_path(inv), testing::dropped_connection);
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);
  api.reply("GET", track_path(inv), 200, payment(inv, "IN_FLIGHT") + "\n");
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);

  // A refused macaroon cannot tell: never "failed".
  api.reply("GET", track_path(inv), 500, rpc_error(2, "verification failed: signature mismatch"));
  auto refused = w.status(inv.bolt11, inv.decoded);
  EXPECT_EQ(refused.status, PayResult::Status::unknown);
  expect_no_secret(refused);
  // Nor can a 404 from something that is not LND's gateway.
  api.reply("GET", track_path(inv), 404, "404 page not found");
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);
  EXPECT_EQ(api.calls("POST", kSend), 0) << "status never pays";
}

TEST(LndWalletPath, TrackUsesBase64UrlOfThePaymentHash) {
  // lightning-apis.md 2.1: f419…3765 -> 9BkgfJ7d6QIev7a9Dfa9CmYG7K-TU1fMLzYuMINcN2U=
  auto hash =
      *from_hex_array<32>("f419207c9edde9021ebfb6bd0df6bd0a6606ecaf935357cc2f362e30835c3765");
  auto inv = make_test_invoice(21'000, bolt11::Network::regtest, hash);
  FakeWalletApi api;
  api.reply("GET", "/v2/router/track/9BkgfJ7d6QIev7a9Dfa9CmYG7K-TU1fMLzYuMINcN2U=", 404,
            rpc_error(5, "payment isn't initiated"));
  WalletEndpoint e;
  e.host = "https://lnd.test:8080";
  LndWallet w(e, kMacaroonHex, api.transport());
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::failed);
  EXPECT_EQ(track_path(inv), "/v2/router/track/9BkgfJ7d6QIev7a9Dfa9CmYG7K-TU1fMLzYuMINcN2U=");
}

}  // namespace
}  // namespace l402d::client
