// phoenixd as lnsim serves it: basic auth with either password, forms in,
// pretty-printed JSON out, plain-text errors, and the WebSocket.

#include <boost/json/serialize.hpp>

#include "bolt11/codec.hpp"
#include "lnsim/lnsim_fixture.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim::testing {
namespace {

namespace json = boost::json;

class PhoenixdApiTest : public LnsimTest {
 protected:
  std::string full() { return phoenixd_password("http-password"); }
  std::string limited() { return phoenixd_password("http-password-limited-access"); }
};

TEST_F(PhoenixdApiTest, PhoenixConfHasBothPasswordsInPhoenixdsFormat) {
  const std::string conf = read_file(file("phoenixd", "conf"));
  EXPECT_TRUE(conf.starts_with("\nhttp-password=")) << conf;
  EXPECT_EQ(full().size(), 64u);
  EXPECT_EQ(limited().size(), 64u);
  EXPECT_NE(full(), limited());
}

TEST_F(PhoenixdApiTest, GetinfoIsPrettyPrintedLikeKotlinx) {
  auto r = phoenixd("GET", "/getinfo", {}, limited());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.body.starts_with("{\n    \"nodeId\": \"")) << r.body;
  auto info = parse_object(r.body);
  EXPECT_EQ(info.at("nodeId").as_string(), sim_->node(NodeKind::phoenixd).id_hex());
  EXPECT_EQ(info.at("chain").as_string(), "regtest");
  EXPECT_EQ(info.at("version").as_string(), "0.8.0");
  EXPECT_EQ(info.at("channels").as_array()[0].at("state").as_string(), "Normal");
}

TEST_F(PhoenixdApiTest, AuthenticationFailuresArePlainText) {
  for (const auto& password : {std::optional<std::string>(), std::optional<std::string>("wrong")}) {
    auto r = phoenixd("GET", "/getinfo", {}, password);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.body,
              "Invalid authentication (use basic auth with the http password set in phoenix.conf)");
  }
  // The limited password cannot pay.
  auto r = phoenixd("POST", "/payinvoice", "invoice=" + make_invoice("lnd", 1), limited());
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(phoenixd("GET", "/nothing", {}, full()).body, "Unknown endpoint (check api doc)");
  EXPECT_EQ(phoenixd("GET", "/createinvoice", {}, full()).status, 405);
}

TEST_F(PhoenixdApiTest, CreateInvoiceAndLookItUp) {
  auto r = phoenixd(
      "POST", "/createinvoice",
      "description=my+first+invoice&amountSat=100&externalId=order-9&expirySeconds=600", limited());
  ASSERT_EQ(r.status, 200) << r.body;
  auto made = parse_object(r.body);
  EXPECT_EQ(made.at("amountSat").as_int64(), 100);
  auto decoded = bolt11::decode(made.at("serialized").as_string());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->description, "my first invoice");
  EXPECT_EQ(decoded->payee, sim_->node(NodeKind::phoenixd).id());
  EXPECT_EQ(to_hex(decoded->payment_hash), made.at("paymentHash").as_string());

  const std::string hash(made.at("paymentHash").as_string());
  auto in = parse_object(phoenixd("GET", "/payments/incoming/" + hash, {}, limited()).body);
  EXPECT_EQ(in.at("type").as_string(), "incoming_payment");
  EXPECT_FALSE(in.at("isPaid").as_bool());
  EXPECT_EQ(in.at("externalId").as_string(), "order-9");
  EXPECT_EQ(in.at("receivedSat").as_int64(), 0);
  EXPECT_FALSE(in.contains("completedAt"));
  // phoenixd shows the preimage before payment too.
  EXPECT_EQ(to_hex(sha256(*from_hex(in.at("preimage").as_string()))), hash);

  r = phoenixd("GET", "/payments/incoming/" + std::string(64, '1'), {}, limited());
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "Not found");
  r = phoenixd("POST", "/createinvoice", "amountSat=1", limited());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Must provide either a description or descriptionHash");
  r = phoenixd("POST", "/createinvoice", "description=" + std::string(129, 'x'), limited());
  EXPECT_EQ(r.body, "Request parameter description is too long (max 128 characters)");
}

TEST_F(PhoenixdApiTest, PayinvoiceSucceedsAndFailsWith200) {
  const std::string invoice = make_invoice("lnd", 500);
  auto r = phoenixd("POST", "/payinvoice", "invoice=" + invoice, full());
  ASSERT_EQ(r.status, 200) << r.body;
  auto sent = parse_object(r.body);
  EXPECT_EQ(sent.at("recipientAmountSat").as_int64(), 500);
  EXPECT_EQ(sent.at("routingFeeSat").as_int64(), 1);
  const auto preimage = from_hex_array<32>(sent.at("paymentPreimage").as_string());
  ASSERT_TRUE(preimage.has_value());
  EXPECT_EQ(to_hex(sha256(*preimage)), sent.at("paymentHash").as_string());

  auto out = parse_object(
      phoenixd("GET", "/payments/outgoingbyhash/" + std::string(sent.at("paymentHash").as_string()),
               {}, limited())
          .body);
  EXPECT_EQ(out.at("type").as_string(), "outgoing_payment");
  EXPECT_TRUE(out.at("isPaid").as_bool());
  EXPECT_EQ(out.at("paymentId"), sent.at("paymentId"));
  EXPECT_EQ(phoenixd("GET", "/payments/outgoing/" + std::string(sent.at("paymentId").as_string()),
                     {}, limited())
                .status,
            200);

  r = phoenixd("POST", "/payinvoice", "invoice=" + invoice, full());
  EXPECT_EQ(r.status, 200);
  auto failed = parse_object(r.body);
  EXPECT_EQ(failed.at("reason").as_string(), "this invoice has already been paid");
  EXPECT_FALSE(failed.contains("paymentPreimage"));

  r = phoenixd("POST", "/payinvoice", "invoice=lnbcrt1nonsense", full());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Request parameter invoice couldn't be parsed/converted to bolt11invoice");
}

TEST_F(PhoenixdApiTest, WebSocketAnnouncesReceivedPayments) {
  auto made = parse_object(
      phoenixd("POST", "/createinvoice", "description=ws&amountSat=12&externalId=x1", limited())
          .body);
  WsClient ws(static_cast<std::uint16_t>(info_.at("phoenixd").at("port").as_int64()), "/websocket",
              {{"Authorization", "Basic " + base64_encode(as_bytes(":" + limited()))}});
  ASSERT_EQ(control("POST", "/control/pay",
                    R"({"bolt11":")" + std::string(made.at("serialized").as_string()) + R"("})")
                .status,
            200);
  auto message = ws.read(std::chrono::seconds(5));
  ASSERT_TRUE(message.has_value());
  auto event = parse_object(*message);
  EXPECT_EQ(event.at("type").as_string(), "payment_received");
  EXPECT_EQ(event.at("amountSat").as_int64(), 12);
  EXPECT_EQ(event.at("paymentHash"), made.at("paymentHash"));
  EXPECT_EQ(event.at("externalId").as_string(), "x1");
}

}  // namespace
}  // namespace l402d::lnsim::testing
