// Paying by QR from another wallet: the buyer never sees the preimage, so
// it asks POST /l402/settlement with the challenge's macaroon, which waits
// for the payment and hands the preimage out. Through the real binary.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "support/e2e_fixture.hpp"
#include "util/base64.hpp"

namespace l402d {
namespace {

namespace json = boost::json;
using testing::image_request;

class Settlement : public testing::EndToEndTest {
 protected:
  net::HttpResponse ask(const std::string& macaroon, int wait_seconds) {
    return post("/l402/settlement", json::serialize(json::object{{"macaroon", macaroon},
                                                                 {"wait_seconds", wait_seconds}}));
  }
  static std::string field(const net::HttpResponse& r, const char* name) {
    return std::string(json::parse(r.body).at(name).as_string());
  }
  static std::string error_code(const net::HttpResponse& r) {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
  }
};

TEST_F(Settlement, APaymentFromElsewhereWakesTheWaitingBuyer) {
  start();
  const auto body = image_request("How many faces are in this image?");
  auto challenge = post("/api/l402/vision", body);
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  const auto macaroon = field(challenge, "macaroon");
  const auto invoice = field(challenge, "invoice");

  // Unpaid: nothing revealed, only "open" once the short wait is over.
  auto open = ask(macaroon, 0);
  ASSERT_EQ(open.status, 202) << open.body;
  EXPECT_EQ(field(open, "state"), "open");
  EXPECT_FALSE(json::parse(open.body).as_object().contains("preimage"));

  // The "phone wallet" pays while the buyer is waiting.
  std::thread phone([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    post("/dev/pay", json::serialize(json::object{{"invoice", invoice}}));
  });
  const auto started = std::chrono::steady_clock::now();
  auto settled = ask(macaroon, 20);
  phone.join();
  ASSERT_EQ(settled.status, 200) << settled.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(field(settled, "state"), "settled");
  const auto auth = field(settled, "authorization");
  EXPECT_EQ(auth, "L402 " + macaroon + ":" + field(settled, "preimage"));

  // What it handed out buys the request.
  auto answer = post("/api/l402/vision", body, auth);
  EXPECT_EQ(answer.status, 200) << answer.body;
}

TEST_F(Settlement, RefusesWhatThisServerDidNotSell) {
  start();
  auto challenge = post("/api/l402/vision", image_request("What colours are there?"));
  ASSERT_EQ(challenge.status, 402);
  auto macaroon = field(challenge, "macaroon");
  // One bit of the signature (the macaroon's last byte) changed.
  auto bytes = *base64_decode(macaroon);
  bytes.back() ^= 1;
  auto forged = ask(base64_encode(bytes), 0);
  EXPECT_EQ(forged.status, 403) << forged.body;
  EXPECT_EQ(error_code(forged), "signature_invalid");
  EXPECT_EQ(error_code(ask("not base64!", 0)), "macaroon_malformed");
  auto missing = post("/l402/settlement", "{}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(error_code(missing), "missing_field");
  auto too_long = ask(field(challenge, "macaroon"), 3600);
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(error_code(too_long), "invalid_field");
}

TEST_F(Settlement, IsInTheDiscoveryDocuments) {
  start();
  auto well_known = json::parse(get("/.well-known/l402-services").body).as_object();
  const std::string endpoint(well_known.at("settlement").at("endpoint").as_string());
  EXPECT_TRUE(endpoint.ends_with("/l402/settlement")) << endpoint;
  auto openapi = json::parse(get("/api/openapi.json").body).as_object();
  EXPECT_TRUE(openapi.at("paths").as_object().contains("/l402/settlement"));
}

}  // namespace
}  // namespace l402d
