// lnd's REST API as lnsim serves it: TLS pinned to tls.cert, macaroons,
// invoices, streams, payments, and lnd's own failure answers.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <future>
#include <thread>

#include "bolt11/codec.hpp"
#include "lnsim/lnsim_fixture.hpp"
#include "lnsim/tls_identity.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/secret_file.hpp"

namespace l402d::lnsim::testing {
namespace {

namespace json = boost::json;

class LndApiTest : public LnsimTest {
 protected:
  // POST /v1/invoices; returns the parsed answer.
  json::object add_invoice(const std::string& body) {
    auto r = lnd("POST", "/v1/invoices", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return parse_object(r.body);
  }
  Hash32 hash_of(const json::object& added) {
    auto bytes = base64_decode(added.at("r_hash").as_string());
    Hash32 h{};
    std::copy(bytes->begin(), bytes->end(), h.begin());
    return h;
  }
  std::string url_safe(std::string b64) {
    for (char& c : b64) {
      if (c == '+') c = '-';
      if (c == '/') c = '_';
    }
    return b64;
  }
  // SendPaymentV2's stream, as JSON lines.
  std::vector<json::object> send(const std::string& body, long* status = nullptr) {
    auto r = lnd("POST", "/v2/router/send", body);
    if (status) *status = r.status;
    return parse_lines(r.body);
  }
};

TEST_F(LndApiTest, GetInfoOverTlsPinnedToTheCertificateFile) {
  auto r = lnd("GET", "/v1/getinfo");
  ASSERT_EQ(r.status, 200) << r.body;
  auto info = parse_object(r.body);
  EXPECT_EQ(info.at("identity_pubkey").as_string(), sim_->node(NodeKind::lnd).id_hex());
  EXPECT_EQ(info.at("chains").as_array()[0].at("network").as_string(), "regtest");
  EXPECT_TRUE(info.at("synced_to_chain").as_bool());
  EXPECT_TRUE(info.at("best_header_timestamp").is_string());  // int64 as a string
  EXPECT_EQ(r.header("grpc-metadata-content-type"), "application/grpc");
}

TEST_F(LndApiTest, AnotherCertificateIsRefused) {
  const auto other = dir_->path() / "other.cert";
  write_file_durably(other, as_bytes(make_lnd_certificate().cert_pem));
  net::HttpRequest r;
  r.url = url("lnd", "/v1/getinfo");
  r.pinned_cert_file = other;
  r.headers.emplace_back("Grpc-Metadata-macaroon", admin_macaroon());
  try {
    http_.perform(r);
    FAIL() << "a certificate other than tls.cert was accepted";
  } catch (const net::HttpError& e) {
    EXPECT_EQ(e.kind(), net::HttpError::Kind::tls) << e.what();
  }
}

TEST_F(LndApiTest, MacaroonFailuresAreLndsPlainErrors) {
  auto missing = lnd("GET", "/v1/getinfo", {}, std::string());
  // An empty header value is still a header: lnd then fails to parse it.
  EXPECT_EQ(missing.status, 500);
  net::HttpRequest none;
  none.url = url("lnd", "/v1/getinfo");
  none.pinned_cert_file = file("lnd", "tls_cert");
  auto r = http_.perform(none);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(parse_object(r.body).at("message").as_string(), "expected 1 macaroon, got 0");
  EXPECT_EQ(parse_object(r.body).at("code").as_int64(), 2);

  std::string forged = admin_macaroon();
  forged[forged.size() - 1] = forged.back() == '0' ? '1' : '0';  // the signature's last byte
  r = lnd("GET", "/v1/getinfo", {}, forged);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(parse_object(r.body).at("message").as_string(),
            "verification failed: signature mismatch after caveat verification");

  r = lnd("GET", "/v1/getinfo", {}, "zz");
  EXPECT_EQ(parse_object(r.body).at("message").as_string(),
            "encoding/hex: invalid byte: U+007A 'z'");
}

TEST_F(LndApiTest, InvoiceMacaroonMakesAndReadsInvoicesButCannotPay) {
  auto r = lnd("POST", "/v1/invoices", R"({"value":"10"})", invoice_macaroon());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string hash_hex =
      to_hex(*base64_decode(parse_object(r.body).at("r_hash").as_string()));
  EXPECT_EQ(lnd("GET", "/v1/invoice/" + hash_hex, {}, invoice_macaroon()).status, 200);

  const std::string other = make_invoice("cln", 5);
  r = lnd("POST", "/v2/router/send",
          R"({"payment_request":")" + other + R"(","fee_limit_sat":"10"})", invoice_macaroon());
  EXPECT_EQ(r.status, 500);
  auto lines = parse_lines(r.body);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("error").at("message").as_string(), "permission denied");
  r = lnd("GET", "/v1/getinfo", {}, invoice_macaroon());  // info:read is not granted either
  EXPECT_EQ(parse_object(r.body).at("message").as_string(), "permission denied");
}

TEST_F(LndApiTest, AddInvoiceWritesARealSignedInvoice) {
  auto added = add_invoice(R"({"value":"1000","memo":"a song","expiry":"600"})");
  EXPECT_TRUE(added.at("add_index").is_string());
  auto decoded = bolt11::decode(added.at("payment_request").as_string());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->payee, sim_->node(NodeKind::lnd).id());
  EXPECT_EQ(decoded->network, bolt11::Network::regtest);
  EXPECT_EQ(decoded->amount_msat, 1'000'000u);
  EXPECT_EQ(decoded->description, "a song");
  EXPECT_EQ(decoded->expiry_seconds, 600u);
  EXPECT_EQ(decoded->payment_hash, hash_of(added));
  EXPECT_EQ(to_hex(decoded->payment_secret),
            to_hex(*base64_decode(added.at("payment_addr").as_string())));
}

TEST_F(LndApiTest, LookupByHexAndByBase64UrlShowsTheWholeInvoice) {
  auto added = add_invoice(R"({"value_msat":"1500","memo":"m"})");
  const Hash32 hash = hash_of(added);
  auto r = lnd("GET", "/v1/invoice/" + to_hex(hash));
  ASSERT_EQ(r.status, 200) << r.body;
  auto inv = parse_object(r.body);
  EXPECT_EQ(inv.at("state").as_string(), "OPEN");
  EXPECT_EQ(inv.at("value_msat").as_string(), "1500");
  EXPECT_EQ(inv.at("value").as_string(), "1");
  EXPECT_EQ(inv.at("expiry").as_string(), "86400");  // lnd's default
  EXPECT_EQ(inv.at("settle_index").as_string(), "0");
  EXPECT_TRUE(inv.at("htlcs").as_array().empty());
  EXPECT_TRUE(inv.at("blinded_path_config").is_null());  // emitted although unset
  auto preimage = base64_decode(inv.at("r_preimage").as_string());
  ASSERT_TRUE(preimage && preimage->size() == 32);
  EXPECT_EQ(sha256(*preimage), hash);

  const std::string b64url = url_safe(base64_encode(hash));
  r = lnd("GET", "/v2/invoices/lookup?payment_hash=" + b64url);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parse_object(r.body).at("r_hash").as_string(), base64_encode(hash));
}

TEST_F(LndApiTest, UnknownInvoiceIsNotFound) {
  auto r = lnd("GET", "/v1/invoice/" + std::string(64, 'a'));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(parse_object(r.body).at("message").as_string(), "unable to locate invoice");
  EXPECT_EQ(parse_object(r.body).at("code").as_int64(), 5);
  // Another node's invoice is not this node's.
  const auto other = bolt11::decode(make_invoice("cln", 1));
  r = lnd("GET", "/v1/invoice/" + to_hex(other->payment_hash));
  EXPECT_EQ(r.status, 404);
  r = lnd("GET", "/v1/invoice/abc");
  EXPECT_EQ(parse_object(r.body).at("message").as_string(), "encoding/hex: odd length hex string");
}

TEST_F(LndApiTest, GatewayRejectsUnknownFieldsAndRoutes) {
  auto r = lnd("POST", "/v1/invoices", R"({"valu":"1"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(parse_object(r.body).at("code").as_int64(), 3);
  r = lnd("GET", "/v1/nothing");
  EXPECT_EQ(r.status, 404);
  r = lnd("GET", "/v1/invoices");
  EXPECT_EQ(r.status, 501);
  r = lnd("POST", "/v1/invoices", R"({"value":"1","value_msat":"1000"})");
  EXPECT_EQ(parse_object(r.body).at("message").as_string(),
            "sat and msat arguments are mutually exclusive");
}

TEST_F(LndApiTest, PaidFromAnotherApiTheInvoiceSettles) {
  auto added = add_invoice(R"({"value":"2000","memo":"from cln"})");
  json::object pay;
  pay["invstring"] = added.at("payment_request");
  auto r = cln("xpay", pay);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string preimage(parse_object(r.body).at("payment_preimage").as_string());

  r = lnd("GET", "/v1/invoice/" + to_hex(hash_of(added)));
  auto inv = parse_object(r.body);
  EXPECT_EQ(inv.at("state").as_string(), "SETTLED");
  EXPECT_TRUE(inv.at("settled").as_bool());
  EXPECT_EQ(inv.at("amt_paid_sat").as_string(), "2000");
  EXPECT_EQ(inv.at("settle_index").as_string(), "1");
  EXPECT_EQ(inv.at("htlcs").as_array().size(), 1u);
  EXPECT_EQ(to_hex(*base64_decode(inv.at("r_preimage").as_string())), preimage);
}

TEST_F(LndApiTest, SendPaymentStreamsInFlightThenSucceededWithHexHashAndPreimage) {
  const std::string invoice = make_invoice("phoenixd", 21);
  const auto before = sim_->ledger().balance(NodeKind::lnd);
  long status = 0;
  auto lines =
      send(R"({"payment_request":")" + invoice + R"(","fee_limit_sat":"100","timeout_seconds":60})",
           &status);
  EXPECT_EQ(status, 200);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("result").at("status").as_string(), "IN_FLIGHT");
  const auto& done = lines[1].at("result").as_object();
  EXPECT_EQ(done.at("status").as_string(), "SUCCEEDED");
  EXPECT_EQ(done.at("failure_reason").as_string(), "FAILURE_REASON_NONE");
  const auto hash = from_hex_array<32>(done.at("payment_hash").as_string());
  const auto preimage = from_hex_array<32>(done.at("payment_preimage").as_string());
  ASSERT_TRUE(hash && preimage);
  EXPECT_EQ(sha256(*preimage), *hash);
  EXPECT_EQ(done.at("value_sat").as_string(), "21");
  EXPECT_EQ(done.at("fee_msat").as_string(), "1021");  // 1 sat + 0.1 %
  EXPECT_EQ(sim_->ledger().balance(NodeKind::lnd), before - 21'000 - 1021);

  // no_inflight_updates: the outcome alone.
  lines = send(R"({"payment_request":")" + make_invoice("lnbits", 3) +
               R"(","fee_limit_msat":"5000","no_inflight_updates":true})");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("result").at("status").as_string(), "SUCCEEDED");

  auto r = lnd("GET", "/v2/router/track/" + url_safe(base64_encode(*hash)));
  auto tracked = parse_lines(r.body);
  ASSERT_EQ(tracked.size(), 1u);
  EXPECT_EQ(tracked[0].at("result").at("payment_preimage").as_string(), to_hex(*preimage));
}

TEST_F(LndApiTest, PaymentFailuresAreLndsAnswers) {
  const std::string invoice = make_invoice("cln", 50);
  // fee_limit 0 (the default) allows only fee-free routes: none here.
  auto lines = send(R"({"payment_request":")" + invoice + R"("})");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].at("result").at("status").as_string(), "FAILED");
  EXPECT_EQ(lines[1].at("result").at("failure_reason").as_string(), "FAILURE_REASON_NO_ROUTE");
  EXPECT_EQ(lines[1].at("result").at("payment_preimage").as_string(), std::string(64, '0'));

  lines = send(R"({"payment_request":")" + invoice + R"(","fee_limit_sat":"100"})");
  EXPECT_EQ(lines.back().at("result").at("status").as_string(), "SUCCEEDED");
  long status = 0;
  lines = send(R"({"payment_request":")" + invoice + R"(","fee_limit_sat":"100"})", &status);
  EXPECT_EQ(status, 409);
  EXPECT_EQ(lines[0].at("error").at("message").as_string(), "invoice is already paid");

  // An invoice nobody in the network made: no route to its node.
  bolt11::Invoice foreign;
  foreign.network = bolt11::Network::regtest;
  foreign.amount_msat = 1000;
  foreign.timestamp = static_cast<std::uint64_t>(std::time(nullptr));
  foreign.payment_hash = random_array<32>();
  foreign.payment_secret = random_array<32>();
  foreign.description = "nobody's";
  foreign.feature_bits = {8, 14};
  const std::string unknown = bolt11::encode(foreign, random_array<32>());
  lines = send(R"({"payment_request":")" + unknown + R"(","fee_limit_sat":"100"})");
  EXPECT_EQ(lines.back().at("result").at("failure_reason").as_string(), "FAILURE_REASON_NO_ROUTE");

  ASSERT_EQ(control("POST", "/control/balance", R"({"api":"lnd","balance_msat":5000})").status,
            200);
  lines =
      send(R"({"payment_request":")" + make_invoice("lnbits", 10) + R"(","fee_limit_sat":"100"})");
  EXPECT_EQ(lines.back().at("result").at("failure_reason").as_string(),
            "FAILURE_REASON_INSUFFICIENT_BALANCE");

  lines = send(R"({"payment_request":")" + make_invoice("lnd", 1) + R"(","fee_limit_sat":"100"})",
               &status);
  EXPECT_EQ(status, 500);
  EXPECT_EQ(lines[0].at("error").at("message").as_string(), "self-payments not allowed");

  auto r = lnd("GET", "/v2/router/track/" + url_safe(base64_encode(random_array<32>())));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(parse_lines(r.body)[0].at("error").at("message").as_string(),
            "payment isn't initiated");
}

TEST_F(LndApiTest, ExpiredInvoiceIsCanceledAndRefused) {
  auto added = add_invoice(R"({"value":"5"})");
  const std::string hash = to_hex(hash_of(added));
  ASSERT_EQ(control("POST", "/control/expire", R"({"payment_hash":")" + hash + R"("})").status,
            200);
  auto inv = parse_object(lnd("GET", "/v1/invoice/" + hash).body);
  EXPECT_EQ(inv.at("state").as_string(), "CANCELED");
  json::object pay;
  pay["invstring"] = added.at("payment_request");
  auto r = cln("xpay", pay);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(parse_object(r.body).at("code").as_int64(), 203);
}

TEST_F(LndApiTest, SingleInvoiceStreamDeliversTheSettlementAndEnds) {
  auto added = add_invoice(R"({"value":"7"})");
  const std::string path = "/v2/invoices/subscribe/" + url_safe(base64_encode(hash_of(added)));
  std::promise<void> first_line;
  bool signalled = false;
  std::string received;
  auto stream = std::async(std::launch::async, [&] {
    return lnd("GET", path, {}, std::nullopt, [&](std::string_view chunk) {
      received += chunk;
      if (!signalled && received.find('\n') != std::string::npos) {
        signalled = true;
        first_line.set_value();
      }
      return true;
    });
  });
  ASSERT_EQ(first_line.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  json::object pay;
  pay["bolt11"] = added.at("payment_request");
  ASSERT_EQ(control("POST", "/control/pay", json::serialize(pay)).status, 200);
  ASSERT_EQ(stream.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(stream.get().status, 200);
  auto lines = parse_lines(received);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("result").at("state").as_string(), "OPEN");
  EXPECT_EQ(lines[1].at("result").at("state").as_string(), "SETTLED");
}

TEST_F(LndApiTest, SingleInvoiceStreamEndsCanceledWhenTheInvoiceExpires) {
  auto added = add_invoice(R"({"value":"8"})");
  const std::string path = "/v2/invoices/subscribe/" + url_safe(base64_encode(hash_of(added)));
  std::promise<void> first_line;
  bool signalled = false;
  std::string received;
  auto stream = std::async(std::launch::async, [&] {
    return lnd("GET", path, {}, std::nullopt, [&](std::string_view chunk) {
      received += chunk;
      if (!signalled && received.find('\n') != std::string::npos) {
        signalled = true;
        first_line.set_value();
      }
      return true;
    });
  });
  ASSERT_EQ(first_line.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  ASSERT_EQ(
      control("POST", "/control/expire", R"({"payment_hash":")" + to_hex(hash_of(added)) + R"("})")
          .status,
      200);
  ASSERT_EQ(stream.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  auto lines = parse_lines(received);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].at("result").at("state").as_string(), "CANCELED");
}

TEST_F(LndApiTest, InvoiceSubscriptionReplaysAddsAndStreamsSettles) {
  add_invoice(R"({"value":"1"})");
  auto second = add_invoice(R"({"value":"2"})");
  std::string received;
  std::promise<void> got_two;
  int lines_seen = 0;
  auto stream = std::async(std::launch::async, [&] {
    try {
      lnd("GET", "/v1/invoices/subscribe?add_index=1", {}, std::nullopt, [&](std::string_view c) {
        received += c;
        lines_seen = static_cast<int>(std::count(received.begin(), received.end(), '\n'));
        if (lines_seen == 1) got_two.set_value();
        return lines_seen < 2;  // stop reading after the settlement
      });
    } catch (const net::HttpError&) {
      // Aborting the transfer from the sink is how a client leaves a stream.
    }
  });
  ASSERT_EQ(got_two.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  json::object pay;
  pay["bolt11"] = second.at("payment_request");
  ASSERT_EQ(control("POST", "/control/pay", json::serialize(pay)).status, 200);
  ASSERT_EQ(stream.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  auto lines = parse_lines(received);
  ASSERT_GE(lines.size(), 2u);
  // The backlog: adds after add_index 1, i.e. the second invoice only.
  EXPECT_EQ(lines[0].at("result").at("add_index").as_string(), "2");
  EXPECT_EQ(lines[0].at("result").at("state").as_string(), "OPEN");
  EXPECT_EQ(lines[1].at("result").at("state").as_string(), "SETTLED");
  EXPECT_EQ(lines[1].at("result").at("settle_index").as_string(), "1");
}

}  // namespace
}  // namespace l402d::lnsim::testing
