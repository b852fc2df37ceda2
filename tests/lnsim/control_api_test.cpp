// The control port and what it steers: outside payments, the ledger views,
// latency and offline nodes; and the files lnsim writes.

#include <sys/stat.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <future>
#include <thread>

#include "bolt11/codec.hpp"
#include "lnsim/lnsim_fixture.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

class ControlApiTest : public LnsimTest {
 protected:
  // /control/nodes' count of connections held by a WebSocket, stream or long
  // poll, once it reaches `want` (the server counts just after the handshake).
  bool held_reaches(const char* api, std::int64_t want) {
    for (int i = 0; i < 100; ++i) {
      auto nodes = parse_object(control("GET", "/control/nodes").body);
      if (nodes.at(api).at("held").as_int64() == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
};

TEST_F(ControlApiTest, OutsidePaymentSettlesAnyApisInvoiceAndShowsInTheLedger) {
  for (const char* api : {"lnd", "cln", "lnbits", "phoenixd"}) {
    const std::string invoice = make_invoice(api, 9);
    auto r = control("POST", "/control/pay", R"({"bolt11":")" + invoice + R"("})");
    ASSERT_EQ(r.status, 200) << api << ": " << r.body;
    auto paid = parse_object(r.body);
    EXPECT_EQ(paid.at("payee").as_string(), api);
    EXPECT_EQ(sha256(*from_hex(paid.at("preimage").as_string())),
              bolt11::decode(invoice)->payment_hash);
    r = control("POST", "/control/pay", R"({"bolt11":")" + invoice + R"("})");
    EXPECT_EQ(r.status, 409);
  }
  auto invoices = parse_object(control("GET", "/control/invoices").body).at("invoices").as_array();
  ASSERT_EQ(invoices.size(), 4u);
  for (const auto& inv : invoices) {
    EXPECT_EQ(inv.at("state").as_string(), "settled");
    EXPECT_FALSE(inv.as_object().contains("preimage"));
  }
  auto payments = parse_object(control("GET", "/control/payments").body).at("payments").as_array();
  EXPECT_EQ(payments.size(), 8u);  // four paid, four refused by the payee
  EXPECT_EQ(payments[0].at("payer").as_string(), "external");
  EXPECT_EQ(payments[1].at("failure").as_string(), "rejected");
}

TEST_F(ControlApiTest, LatencyDelaysEveryAnswerButTheControlPorts) {
  ASSERT_EQ(control("POST", "/control/latency", R"({"ms":150})").status, 200);
  for (const char* api : {"lnd", "lnbits"}) {
    const auto start = Clock::now();
    if (std::string_view(api) == "lnd") {
      EXPECT_EQ(lnd("GET", "/v1/getinfo").status, 200);
    } else {
      EXPECT_EQ(lnbits("GET", "/api/v1/wallet", {}, lnbits_key("invoice_key")).status, 200);
    }
    EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(150)) << api;
  }
  const auto start = Clock::now();
  EXPECT_EQ(control("POST", "/control/latency", R"({"ms":0})").status, 200);
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(150));
  const auto again = Clock::now();
  EXPECT_EQ(lnd("GET", "/v1/getinfo").status, 200);
  EXPECT_LT(Clock::now() - again, std::chrono::milliseconds(150));
}

TEST_F(ControlApiTest, OfflineDropsStreamsAndRefusesThenComesBack) {
  // A stream that would otherwise run until the client's 10 s timeout.
  std::promise<void> first_line;
  bool seen = false;
  auto stream = std::async(std::launch::async, [&] {
    try {
      lnd("GET", "/v1/invoices/subscribe", {}, std::nullopt, [&](std::string_view) {
        if (!seen) first_line.set_value();
        seen = true;
        return true;
      });
    } catch (const net::HttpError&) {
      return true;  // cut off
    }
    return false;
  });
  // New invoices reach the subscription once it is in place.
  auto first = first_line.get_future();
  for (int i = 0;
       i < 50 && first.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready; ++i) {
    make_invoice("lnd", 1);
  }
  ASSERT_EQ(first.wait_for(std::chrono::seconds(0)), std::future_status::ready);

  ASSERT_EQ(control("POST", "/control/offline", R"({"api":"lnd","offline":true})").status, 200);
  ASSERT_EQ(stream.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_TRUE(stream.get());
  try {
    lnd("GET", "/v1/getinfo");
    FAIL() << "an offline node answered";
  } catch (const net::HttpError& e) {
    EXPECT_EQ(e.kind(), net::HttpError::Kind::connect) << e.what();
  }
  // The other nodes are unaffected.
  EXPECT_EQ(lnbits("GET", "/api/v1/wallet", {}, lnbits_key("invoice_key")).status, 200);
  auto nodes = parse_object(control("GET", "/control/nodes").body);
  EXPECT_TRUE(nodes.at("lnd").at("offline").as_bool());

  ASSERT_EQ(control("POST", "/control/offline", R"({"api":"lnd","offline":false})").status, 200);
  EXPECT_EQ(lnd("GET", "/v1/getinfo").status, 200);
  EXPECT_EQ(parse_object(control("GET", "/control/nodes").body).at("lnd").at("port"),
            info_.at("lnd").at("port"));
}

TEST_F(ControlApiTest, OfflineDropsWebSockets) {
  WsClient ws(static_cast<std::uint16_t>(info_.at("lnbits").at("port").as_int64()),
              "/api/v1/ws/" + lnbits_key("invoice_key"));
  ASSERT_EQ(control("POST", "/control/offline", R"({"api":"lnbits","offline":true})").status, 200);
  const auto start = Clock::now();
  EXPECT_FALSE(ws.read(std::chrono::seconds(5)).has_value());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));  // closed, not timed out
}

// The bad answers must be unreadable to any JSON parser, yet look like an
// answer (200, JSON type), so that a backend's parsing, not its transport,
// is what meets them.
bool parses_as_json(const std::string& text) {
  boost::system::error_code ec;
  json::parse(text, ec);
  return !ec;
}

TEST_F(ControlApiTest, GarbageAnswersEveryCallOfOneApiUntilCleared) {
  EXPECT_TRUE(held_reaches("lnbits", 0));
  WsClient before(static_cast<std::uint16_t>(info_.at("lnbits").at("port").as_int64()),
                  "/api/v1/ws/" + lnbits_key("invoice_key"));
  EXPECT_TRUE(held_reaches("lnbits", 1));
  ASSERT_EQ(control("POST", "/control/fault", R"({"api":"lnbits","fault":"garbage"})").status, 200);
  ASSERT_EQ(control("POST", "/control/fault", R"({"api":"lnd","fault":"garbage"})").status, 200);
  // An open WebSocket is dropped, so that it reconnects into the fault.
  const auto start = Clock::now();
  EXPECT_FALSE(before.read(std::chrono::seconds(5)).has_value());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));
  EXPECT_TRUE(held_reaches("lnbits", 0));

  for (int i = 0; i < 2; ++i) {  // on a kept-alive connection too
    auto r = lnd("GET", "/v1/getinfo");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "application/json");
    EXPECT_FALSE(r.body.empty());
    EXPECT_FALSE(parses_as_json(r.body)) << r.body;
  }
  auto r = lnbits("GET", "/api/v1/wallet", {}, lnbits_key("invoice_key"));
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(parses_as_json(r.body)) << r.body;
  WsClient ws(static_cast<std::uint16_t>(info_.at("lnbits").at("port").as_int64()),
              "/api/v1/ws/" + lnbits_key("invoice_key"));
  auto frame = ws.read(std::chrono::seconds(5));
  ASSERT_TRUE(frame.has_value());
  EXPECT_FALSE(parses_as_json(*frame)) << *frame;
  // The other APIs answer as ever.
  EXPECT_TRUE(parses_as_json(cln("getinfo", {}).body));
  auto nodes = parse_object(control("GET", "/control/nodes").body);
  EXPECT_EQ(nodes.at("lnd").at("fault").as_string(), "garbage");
  EXPECT_EQ(nodes.at("cln").at("fault").as_string(), "none");

  ASSERT_EQ(control("POST", "/control/fault", R"({"api":"lnd","fault":"none"})").status, 200);
  r = lnd("GET", "/v1/getinfo");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(parses_as_json(r.body)) << r.body;
}

TEST_F(ControlApiTest, HangupReadsTheRequestAndClosesWithoutAnswer) {
  ASSERT_EQ(control("POST", "/control/fault", R"({"api":"phoenixd","fault":"hangup"})").status,
            200);
  ASSERT_EQ(control("POST", "/control/fault", R"({"api":"cln","fault":"hangup"})").status, 200);
  const std::string invoices_before = control("GET", "/control/invoices").body;
  for (int i = 0; i < 2; ++i) {
    const auto start = Clock::now();
    try {
      phoenixd("POST", "/createinvoice", "description=x&amountSat=5",
               phoenixd_password("http-password"));
      FAIL() << "a hung-up call answered";
    } catch (const net::HttpError& e) {
      // Connected, then cut off: not refused, not timed out.
      EXPECT_NE(e.kind(), net::HttpError::Kind::connect) << e.what();
      EXPECT_NE(e.kind(), net::HttpError::Kind::timeout) << e.what();
    }
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));
  }
  EXPECT_THROW(cln("getinfo", {}), net::HttpError);  // over TLS as well
  // The call never reached the node: no invoice was made.
  EXPECT_EQ(control("GET", "/control/invoices").body, invoices_before);
  EXPECT_EQ(lnd("GET", "/v1/getinfo").status, 200);

  ASSERT_EQ(control("POST", "/control/fault", R"({"api":"phoenixd","fault":"none"})").status, 200);
  EXPECT_EQ(phoenixd("GET", "/getinfo", {}, phoenixd_password("http-password")).status, 200);
  EXPECT_EQ(control("POST", "/control/fault", R"({"api":"lnd","fault":"smoke"})").status, 400);
  EXPECT_EQ(control("POST", "/control/fault", R"({"api":"mars","fault":"none"})").status, 400);
}

TEST_F(ControlApiTest, ExpireAndBadRequests) {
  const auto hash = bolt11::decode(make_invoice("phoenixd", 3))->payment_hash;
  const std::string body = R"({"payment_hash":")" + to_hex(hash) + R"("})";
  EXPECT_EQ(control("POST", "/control/expire", body).status, 200);
  EXPECT_EQ(control("POST", "/control/expire", body).status, 404);  // no longer open
  EXPECT_EQ(control("POST", "/control/offline", R"({"api":"nobody","offline":true})").status, 400);
  EXPECT_EQ(control("POST", "/control/pay", "not json").status, 400);
  EXPECT_EQ(control("GET", "/control/nothing").status, 404);
}

TEST_F(ControlApiTest, InfoFileListsEveryPortAndFileAndSecretsAre0600) {
  for (const char* api : {"lnd", "cln", "lnbits", "phoenixd", "control"}) {
    EXPECT_GT(info_.at(api).at("port").as_int64(), 0) << api;
  }
  EXPECT_EQ(info_.at("lnd").at("port").as_int64(), sim_->port(NodeKind::lnd));
  EXPECT_EQ(info_.at("network").as_string(), "regtest");
  for (const auto& [api, key] : {std::pair{"lnd", "tls_key"},
                                 {"lnd", "admin_macaroon"},
                                 {"lnd", "invoice_macaroon"},
                                 {"cln", "admin_rune"},
                                 {"cln", "invoice_rune"},
                                 {"cln", "server_key"},
                                 {"lnbits", "keys"},
                                 {"phoenixd", "conf"}}) {
    struct stat st {};
    ASSERT_EQ(::stat(file(api, key).c_str(), &st), 0) << api << " " << key;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << api << " " << key;
  }
  struct stat st {};
  ASSERT_EQ(::stat(sim_->info_file().c_str(), &st), 0);
}

class TestnetTest : public LnsimTest {
 protected:
  SimulatorOptions options() override {
    SimulatorOptions o = LnsimTest::options();
    o.chain = *chain_from_name("testnet");
    return o;
  }
};

TEST_F(TestnetTest, InvoicesFollowTheNetwork) {
  const std::string invoice = make_invoice("cln", 1);
  EXPECT_TRUE(invoice.starts_with("lntb1")) << invoice;
  EXPECT_EQ(bolt11::decode(invoice)->network, bolt11::Network::testnet);
  auto info = parse_object(lnd("GET", "/v1/getinfo").body);
  EXPECT_EQ(info.at("chains").as_array()[0].at("network").as_string(), "testnet");
  // A regtest invoice is not for this network.
  bolt11::Invoice other;
  other.network = bolt11::Network::regtest;
  other.amount_msat = 1000;
  other.timestamp = static_cast<std::uint64_t>(std::time(nullptr));
  other.payment_hash = random_array<32>();
  other.payment_secret = random_array<32>();
  other.description = "x";
  auto lines =
      parse_lines(lnd("POST", "/v2/router/send",
                      R"({"payment_request":")" + bolt11::encode(other, random_array<32>()) +
                          R"(","fee_limit_sat":"5"})")
                      .body);
  EXPECT_EQ(lines[0].at("error").at("message").as_string(),
            "invoice not for current active network 'testnet3'");
}

}  // namespace
}  // namespace l402d::lnsim::testing
