#include "gateway/paywall_gate.hpp"

#include "gateway/gate_harness.hpp"
#include "util/clock.hpp"

namespace l402d::gateway {
namespace {

using namespace l402d::gateway::testing;  // NOLINT(google-build-using-namespace)
namespace json = boost::json;
using http::Field;
using http::Status;
using http::Verb;
using l402d::testing::make_request;
using l402d::testing::TestClient;

TEST(PaywallGate, UnpaidRequestGetsTheSeedChallenge) {
  Harness h;
  auto res = h.post(kBody);
  EXPECT_EQ(res.result(), Status::payment_required);
  std::string header(res[Field::www_authenticate]);
  EXPECT_EQ(header.rfind("L402 macaroon=\"", 0), 0U) << header;
  EXPECT_NE(header.find("\", invoice=\"lnbcrt1u1"), std::string::npos) << header;
  EXPECT_EQ(res[Field::cache_control], "no-store");
  EXPECT_EQ(res[Field::access_control_allow_origin], "*");
  EXPECT_NE(res[Field::access_control_expose_headers].find("WWW-Authenticate"), std::string::npos);
  auto body = json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("error").at("code").as_string(), "payment_required");
  EXPECT_EQ(body.at("price_sats").to_number<std::uint64_t>(), 100U);
  EXPECT_EQ(body.at("payment_hash").as_string().size(), 64U);
  EXPECT_GT(body.at("expires_at").to_number<std::int64_t>(), 0);
  auto challenge = l402::parse_challenge(header);
  ASSERT_TRUE(challenge);
  EXPECT_EQ(body.at("macaroon").as_string(), challenge->macaroon);
  EXPECT_EQ(body.at("invoice").as_string(), challenge->invoice);
  EXPECT_EQ(h.calls, 0);
}

TEST(PaywallGate, PaidRequestRunsOnceAndReplaysReturnTheStoredResult) {
  Harness h;
  auto auth = h.pay(kBody);
  auto first = h.post(kBody, auth);
  EXPECT_EQ(first.result(), Status::ok);
  EXPECT_EQ(first.body(), R"({"audioUrl":"http://x/media/1"})");
  // Whitespace and key order do not make it another request.
  auto replay = h.post(R"({ "lyrics": "la la la", "prompt": "a song" })", auth);
  EXPECT_EQ(replay.result(), Status::ok);
  EXPECT_EQ(replay.body(), first.body());
  EXPECT_EQ(replay["X-L402-Replay"], "true");
  EXPECT_EQ(h.calls, 1);
  EXPECT_NE(h.metrics.render().find("l402d_sats_earned_total{service=\"music\",rail=\"l402\"} 100"),
            std::string::npos);
}

TEST(PaywallGate, ReplaysEndWithTheRetentionPeriod) {
  // From the store, and from the in-memory cache in front of validation.
  for (bool in_memory : {false, true}) {
    Harness h(HarnessOptions{.in_memory = in_memory});
    auto auth = h.pay(kBody);
    EXPECT_EQ(h.post(kBody, auth).result(), Status::ok);
    h.skew = 59;
    EXPECT_EQ(h.post(kBody, auth).result(), Status::ok);
    h.skew = 60;
    auto late = h.post(kBody, auth);
    EXPECT_EQ(late.result(), Status::gone) << in_memory;
    EXPECT_EQ(code_of(late), "result_expired");
    EXPECT_EQ(late[Field::access_control_allow_origin], "*");
    EXPECT_EQ(h.calls, 1);
  }
}

TEST(PaywallGate, MalformedCredentialsAreCountedAsRejected) {
  Harness h;
  auto res = h.post(kBody, "L402 not*base64!:abcd");
  EXPECT_EQ(res.result(), Status::payment_required);
  EXPECT_EQ(code_of(res), "credential_malformed");
  EXPECT_NE(h.metrics.render().find("l402d_credentials_rejected_total{service=\"music\",code="
                                    "\"credential_malformed\"} 1\n"),
            std::string::npos)
      << h.metrics.render();
}

TEST(PaywallGate, TokenForAnotherRequestGetsAFreshChallengeAndNoWork) {
  Harness h;
  auto auth = h.pay(kBody);
  auto res = h.post(R"({"prompt":"a song","lyrics":"la la LA"})", auth);
  EXPECT_EQ(res.result(), Status::payment_required);
  EXPECT_EQ(code_of(res), "caveat_request");
  EXPECT_FALSE(res[Field::www_authenticate].empty());
  EXPECT_EQ(h.calls, 0);
}

TEST(PaywallGate, WrongPreimageOrForgedMacaroonGetsAFreshChallenge) {
  Harness h;
  auto res = h.post(kBody);
  auto challenge = l402::parse_challenge(std::string(res[Field::www_authenticate]));
  auto unpaid = h.post(kBody, l402::format_authorization(challenge->macaroon, random_array<32>()));
  EXPECT_EQ(unpaid.result(), Status::payment_required);
  EXPECT_EQ(code_of(unpaid), "preimage_mismatch");

  // A macaroon minted with another server's secret.
  auto other_secret = random_array<32>();
  l402::DerivedRootKeys other_keys(other_secret, *h.store);
  l402::Minter other(other_keys);
  auto preimage = random_array<32>();
  l402::MintOptions mo;
  mo.service = "music";
  auto forged = other.mint(sha256(preimage), mo);
  auto res2 = h.post(kBody, l402::format_authorization(forged.base64, preimage));
  EXPECT_EQ(res2.result(), Status::payment_required);
  EXPECT_EQ(code_of(res2), "signature_invalid");
  auto garbage = h.post(kBody, "L402 bm90IGEgbWFjYXJvb24=:" + std::string(64, 'a'));
  EXPECT_EQ(garbage.result(), Status::payment_required);
  EXPECT_EQ(h.calls, 0);
}

TEST(PaywallGate, FailedWorkKeepsTheTokenRedeemable) {
  Harness h;
  auto auth = h.pay(kBody);
  h.fail_next = true;
  auto failed = h.post(kBody, auth);
  EXPECT_EQ(failed.result(), Status::service_unavailable);
  auto retry = h.post(kBody, auth);
  EXPECT_EQ(retry.result(), Status::ok);
  EXPECT_EQ(h.calls, 2);
  auto token = h.store->find_token(
      l402::decode_identifier(
          l402::Macaroon::parse_base64(
              l402::parse_challenge(h.post(kBody)[Field::www_authenticate])->macaroon)
              ->identifier())
          ->token_id);
  EXPECT_FALSE(token);  // an unpaid challenge leaves no token row
}

TEST(PaywallGate, ARedeemedTokenRecordsItsPrice) {
  Harness h;
  auto auth = h.pay(kBody);
  ASSERT_EQ(h.post(kBody, auth).result(), Status::ok);
  auto credential = l402::parse_credential(l402::CredentialHeaders{{auth}, {}, {}});
  ASSERT_TRUE(credential);
  auto view = l402::parse_macaroon_view(credential->macaroon);
  ASSERT_TRUE(view);
  auto token = h.store->find_token(l402::decode_identifier(view->identifier)->token_id);
  ASSERT_TRUE(token);
  EXPECT_EQ(token->state, store::TokenState::redeemed);
  EXPECT_EQ(token->price_msat, 100'000u) << "price_sats 100, in msat";
}

TEST(PaywallGate, ConcurrentRedemptionsRunTheWorkOnce) {
  Harness h;
  h.slow = true;
  auto auth = h.pay(kBody);
  std::vector<std::thread> threads;
  std::vector<std::string> bodies(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto res = h.post(kBody, auth);
      EXPECT_EQ(res.result(), Status::ok);
      bodies[static_cast<std::size_t>(i)] = res.body();
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(h.calls, 1);
  for (const auto& b : bodies)
    EXPECT_EQ(b, bodies[0]);
}

// The replays wait for the one running job by a notice, not by polling: the
// fallback poll is 2 s, and every replay ends within a second of a 300 ms job.
TEST(PaywallGate, ReplaysWaitingOnARunningJobAreWokenWhenItEnds) {
  Harness h;
  h.slow = true;
  auto auth = h.pay(kBody);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([&] { EXPECT_EQ(h.post(kBody, auth).result(), Status::ok); });
  for (auto& t : threads)
    t.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1200));
  EXPECT_EQ(h.calls, 1);
}

TEST(PaywallGate, SaturatedEnginesGet503InsteadOfAnInvoice) {
  Harness h(0);
  std::atomic<bool> release{false};
  // Occupy the single engine thread.
  boost::asio::io_context ioc;
  boost::asio::co_spawn(
      ioc,
      [&]() -> boost::asio::awaitable<void> {
        co_await h.engines.run([&] {
          while (!release)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          return 0;
        });
      },
      boost::asio::detached);
  std::thread runner([&] { ioc.run(); });
  while (h.engines.running() == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto res = h.post(kBody);
  EXPECT_EQ(res.result(), Status::service_unavailable);
  EXPECT_EQ(code_of(res), "server_busy");
  EXPECT_EQ(res[Field::retry_after], "5");
  EXPECT_TRUE(res[Field::www_authenticate].empty());
  release = true;
  runner.join();
  EXPECT_EQ(h.post(kBody).result(), Status::payment_required);
}

TEST(PaywallGate, LsatSchemeAndMacaroonHeaderAreAccepted) {
  Harness h;
  auto auth = h.pay(kBody);
  auto lsat = "LSAT" + auth.substr(4);
  EXPECT_EQ(h.post(kBody, lsat).result(), Status::ok);
}

TEST(PaywallGate, CachedReplaysAreAnsweredInFrontOfValidation) {
  Harness h(HarnessOptions{.in_memory = true});
  EXPECT_FALSE(h.verifier->may_block());
  auto auth = h.pay(kBody);
  const int seen_before = h.counter->seen;
  auto first = h.post(kBody, auth);
  ASSERT_EQ(first.result(), Status::ok) << first.body();
  EXPECT_EQ(h.results.size(), 1U);
  for (int i = 0; i < 3; ++i) {
    auto again = h.post(kBody, auth);
    EXPECT_EQ(again.result(), Status::ok);
    EXPECT_EQ(again.body(), first.body());
    EXPECT_EQ(again["X-L402-Replay"], "true");
  }
  // Only the paid request itself went past the replay filter; the work ran once.
  EXPECT_EQ(h.counter->seen, seen_before + 1);
  EXPECT_EQ(h.calls, 1);
  // The same request in other bytes (key order, spacing): the same binding,
  // answered from the cache after hashing the body.
  auto reordered = h.post(R"({ "lyrics": "la la la", "prompt": "a song" })", auth);
  EXPECT_EQ(reordered.result(), Status::ok);
  EXPECT_EQ(reordered.body(), first.body());
  EXPECT_EQ(h.counter->seen, seen_before + 1);
}

TEST(PaywallGate, ACachedTokenIsStillCheckedInFull) {
  Harness h(HarnessOptions{.in_memory = true});
  auto auth = h.pay(kBody);
  ASSERT_EQ(h.post(kBody, auth).result(), Status::ok);

  // Another request with the cached token: not answered from the cache (the
  // macaroon's binding caveat refuses it).
  auto other = h.post(R"({"prompt":"another song","lyrics":"la la la"})", auth);
  EXPECT_EQ(other.result(), Status::payment_required);
  EXPECT_EQ(code_of(other), "caveat_request");

  // A wrong preimage for the cached token id.
  auto colon = auth.rfind(':');
  auto wrong = auth.substr(0, colon + 1) + to_hex(random_array<32>());
  auto bad = h.post(kBody, wrong);
  EXPECT_EQ(bad.result(), Status::payment_required);
  EXPECT_EQ(code_of(bad), "preimage_mismatch");

  // Revoked after redemption: the cached result is not given any more.
  auto credential = l402::parse_credential(l402::CredentialHeaders{{auth}, {}, {}});
  ASSERT_TRUE(credential);
  auto view = l402::parse_macaroon_view(credential->macaroon);
  ASSERT_TRUE(view);
  auto id = l402::decode_identifier(view->identifier);
  ASSERT_TRUE(id);
  h.keys->revoke(*id);
  auto revoked = h.post(kBody, auth);
  EXPECT_EQ(revoked.result(), Status::payment_required);
  EXPECT_EQ(code_of(revoked), "token_revoked");
  EXPECT_EQ(h.calls, 1);
}

TEST(PaywallGate, ChallengesFromTheBuiltinNodeWriteNothing) {
  Harness h(HarnessOptions{.in_memory = true});
  EXPECT_FALSE(h.minter->may_block());
  auto res = h.post(kBody);
  ASSERT_EQ(res.result(), Status::payment_required);
  auto challenge = l402::parse_challenge(std::string(res[Field::www_authenticate]));
  ASSERT_TRUE(challenge);
  auto payment_hash =
      *from_hex_array<32>(json::parse(res.body()).at("payment_hash").as_string().c_str());
  EXPECT_FALSE(h.store->find_invoice(payment_hash));
  EXPECT_EQ(h.node->lookup_invoice(payment_hash)->state, lightning::InvoiceState::open);
}

Hash32 token_id_of(const std::string& authorization) {
  auto credential = l402::parse_credential(l402::CredentialHeaders{{authorization}, {}, {}});
  auto view = l402::parse_macaroon_view(credential->macaroon);
  return l402::decode_identifier(view->identifier)->token_id;
}

TEST(PaywallGate, AFailureIsRecordedByItsTypedCode) {
  Harness h;
  auto auth = h.pay(kBody);
  h.fail_next = true;
  auto failed = h.post(kBody, auth);
  EXPECT_EQ(failed.result(), Status::service_unavailable);
  EXPECT_EQ(code_of(failed), "engine_down");
  EXPECT_EQ(failed[Field::retry_after], "10");
  EXPECT_NE(failed.body().find("payment is kept"), std::string::npos) << failed.body();
  EXPECT_EQ(failed[Field::access_control_allow_origin], "*");
  auto token = h.store->find_token(token_id_of(auth));
  ASSERT_TRUE(token);
  EXPECT_EQ(token->state, store::TokenState::failed);
  EXPECT_EQ(token->last_error, "engine_down");
}

TEST(PaywallGate, WorkThatThrowsAnswers500AndKeepsTheTokenRedeemable) {
  Harness h;
  auto auth = h.pay(kBody);
  h.throw_next = true;
  auto failed = h.post(kBody, auth);
  EXPECT_EQ(failed.result(), Status::internal_server_error);
  EXPECT_EQ(code_of(failed), "internal_error");
  EXPECT_EQ(h.store->find_token(token_id_of(auth))->state, store::TokenState::failed);
  EXPECT_EQ(h.post(kBody, auth).result(), Status::ok);
  EXPECT_EQ(h.calls, 2);
}

// Issue 21: when the outcome could not be recorded (the disk filled up while
// the work ran), the token stayed claimed and the next attempt waited out the
// lease. The gate holds the outcome and writes it before the next claim.
TEST(PaywallGate, AFailureTheStoreMissedIsRecordedBeforeTheRetrySoItRunsAtOnce) {
  Harness h(HarnessOptions{.records_can_fail = true});
  auto auth = h.pay(kBody);
  h.refusing.refuse_records = true;
  h.fail_next = true;
  EXPECT_EQ(h.post(kBody, auth).result(), Status::service_unavailable);
  EXPECT_EQ(h.store->find_token(token_id_of(auth))->state, store::TokenState::in_progress);

  auto still_full = h.post(kBody, auth);
  EXPECT_EQ(still_full.result(), Status::service_unavailable);
  EXPECT_FALSE(still_full[Field::retry_after].empty());
  EXPECT_EQ(h.calls, 1);

  h.refusing.refuse_records = false;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(h.post(kBody, auth).result(), Status::ok);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(h.calls, 2);
}

TEST(PaywallGate, AResultTheStoreMissedIsRecordedAndReplayed) {
  Harness h(HarnessOptions{.records_can_fail = true});
  auto auth = h.pay(kBody);
  h.refusing.refuse_records = true;
  auto first = h.post(kBody, auth);
  ASSERT_EQ(first.result(), Status::ok);
  h.refusing.refuse_records = false;
  auto replay = h.post(kBody, auth);
  EXPECT_EQ(replay.result(), Status::ok);
  EXPECT_EQ(replay.body(), first.body());
  EXPECT_EQ(h.calls, 1);
  EXPECT_EQ(h.store->find_token(token_id_of(auth))->state, store::TokenState::redeemed);
}

TEST(PaywallGate, AStoreOutageAnswers503AndChargesNothing) {
  Harness h(HarnessOptions{.ledger_down = true});
  auto auth = h.pay(kBody);
  auto res = h.post(kBody, auth);
  EXPECT_EQ(res.result(), Status::service_unavailable);
  EXPECT_EQ(code_of(res), "store_unavailable");
  EXPECT_FALSE(res[Field::retry_after].empty());
  EXPECT_EQ(h.calls, 0);
}

TEST(PaywallGate, AReusableTokenPaysForAnyRequestToItsServiceUntilItExpires) {
  Harness h(HarnessOptions{.reusable = true});
  auto auth = h.pay(kBody);
  EXPECT_EQ(h.post(kBody, auth).result(), Status::ok);
  EXPECT_EQ(h.post(R"({"prompt":"another song","lyrics":"la"})", auth).result(), Status::ok);
  EXPECT_EQ(h.post(kBody, auth).result(), Status::ok);
  EXPECT_EQ(h.calls, 3) << "every request runs: nothing is bound or replayed";
  auto token = h.store->find_token(token_id_of(auth));
  ASSERT_TRUE(token);
  EXPECT_EQ(token->price_msat, 100'000u);
  h.skew = 86400;  // past the token's valid_until caveat
  auto late = h.post(kBody, auth);
  EXPECT_EQ(late.result(), Status::payment_required);
  EXPECT_EQ(code_of(late), "caveat_expired");
  EXPECT_EQ(h.calls, 3);
}

TEST(PaywallGate, AReusableTokenLivesForItsServicesTokenSecondsAndNotASecondMore) {
  Harness h(HarnessOptions{.reusable = true, .token_seconds = 120});
  auto auth = h.pay(kBody);
  h.skew = 110;
  EXPECT_EQ(h.post(kBody, auth).result(), Status::ok);
  h.skew = 125;
  auto late = h.post(kBody, auth);
  EXPECT_EQ(late.result(), Status::payment_required);
  EXPECT_EQ(code_of(late), "caveat_expired");
  EXPECT_EQ(h.calls, 1);
}

namespace rails {

// The Payment challenge of a 402 (the second WWW-Authenticate field).
mpp::ChallengeParams payment_challenge(
    const http::beast_http::response<http::beast_http::string_body>& res) {
  std::vector<std::string> values;
  for (const auto& f : res)
    if (f.name() == Field::www_authenticate) values.emplace_back(f.value());
  EXPECT_EQ(values.size(), 2U);
  std::vector<std::string_view> views(values.begin(), values.end());
  auto found = mpp::parse_challenges(views);
  EXPECT_EQ(found.size(), 1U);
  return found.empty() ? mpp::ChallengeParams{} : found.front();
}

Hash32 settle(Harness& h, const mpp::ChallengeParams& c) {
  auto request = mpp::decode_charge_request(c.request);
  EXPECT_TRUE(request);
  auto preimage = h.node->settle(request->invoice);
  EXPECT_TRUE(preimage);
  return *preimage;
}

json::object body_of(const http::beast_http::response<http::beast_http::string_body>& res) {
  return json::parse(res.body()).as_object();
}

TEST(PaywallGateRails, AnMppCredentialRunsTheWorkAndGetsAReceipt) {
  Harness h;
  auto c = payment_challenge(h.post(kBody));
  const auto preimage = settle(h, c);
  auto res = h.post(kBody, mpp::format_authorization(c, preimage));
  ASSERT_EQ(res.result(), Status::ok) << res.body();
  auto receipt = mpp::parse_receipt(std::string(res["Payment-Receipt"]));
  ASSERT_TRUE(receipt);
  EXPECT_EQ(receipt->status, "success");
  EXPECT_EQ(receipt->reference, to_hex(sha256(ByteView(preimage))));
  EXPECT_EQ(receipt->challenge_id, c.id);
  EXPECT_EQ(res.body().find(to_hex(preimage)), std::string::npos);
  EXPECT_EQ(h.calls, 1);
  // The same credential for the same request: the stored answer, once more a receipt.
  auto again = h.post(kBody, mpp::format_authorization(c, preimage));
  EXPECT_EQ(again.result(), Status::ok);
  EXPECT_FALSE(again["Payment-Receipt"].empty());
  EXPECT_EQ(h.calls, 1);
}

TEST(PaywallGateRails, AnAlteredOrExpiredMppChallengeGetsAProblemAndAFreshChallenge) {
  Harness h;
  auto c = payment_challenge(h.post(kBody));
  const auto preimage = settle(h, c);
  auto altered = c;
  altered.expires = "2099-01-01T00:00:00Z";
  auto res = h.post(kBody, mpp::format_authorization(altered, preimage));
  ASSERT_EQ(res.result(), Status::payment_required);
  EXPECT_EQ(res[Field::content_type], "application/problem+json");
  auto body = body_of(res);
  EXPECT_EQ(body.at("type").as_string(), "https://paymentauth.org/problems/invalid-challenge");
  EXPECT_EQ(body.at("status").as_int64(), 402);
  EXPECT_EQ(body.at("error").at("code").as_string(), "challenge_invalid");
  EXPECT_NE(payment_challenge(res).id, c.id) << "a fresh challenge";

  h.skew = 7200;  // past the challenge's expiry
  res = h.post(kBody, mpp::format_authorization(c, preimage));
  ASSERT_EQ(res.result(), Status::payment_required);
  body = body_of(res);
  EXPECT_EQ(body.at("error").at("code").as_string(), "challenge_expired");
  EXPECT_EQ(body.at("type").as_string(), "https://paymentauth.org/problems/payment-expired");
  EXPECT_EQ(h.calls, 0);
}

TEST(PaywallGateRails, APaymentSpentOnOneRailIsSpentOnAll) {
  Harness h;
  auto first = h.post(kBody);
  auto c = payment_challenge(first);
  const auto preimage = settle(h, c);
  const auto macaroon = body_of(first).at("macaroon").as_string();
  auto l402 = h.post(kBody, l402::format_authorization(std::string(macaroon), preimage));
  ASSERT_EQ(l402.result(), Status::ok);
  // The MPP credential of the same sale, for another request: refused, no work.
  auto other = h.post(R"({"prompt":"another song","lyrics":"do re mi"})",
                      mpp::format_authorization(c, preimage));
  EXPECT_EQ(other.result(), Status::payment_required);
  EXPECT_EQ(body_of(other).at("error").at("code").as_string(), "caveat_request");
  EXPECT_EQ(h.calls, 1);
}

std::string x402_header(const http::beast_http::response<http::beast_http::string_body>& res) {
  return std::string(res["PAYMENT-REQUIRED"]);
}

TEST(PaywallGateRails, AnX402InvoiceIsHonouredOnlyOnceTheNodeHasBeenPaid) {
  Harness h;
  auto offer = x402::find_lightning_offer(x402_header(h.post(kBody)));
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->amount_msat, 100'000U);
  // Only the invoice, not yet paid: 402, PAYMENT-RESPONSE success false, no work.
  json::object root{{"x402Version", 2},
                    {"accepted", offer->accepted},
                    {"payload", json::object{{"invoice", offer->invoice}}}};
  const auto credential = base64_encode(json::serialize(root));
  auto unpaid = h.post_with(kBody, "PAYMENT-SIGNATURE", credential);
  ASSERT_EQ(unpaid.result(), Status::payment_required);
  auto failure = x402::parse_settlement_response(std::string(unpaid["PAYMENT-RESPONSE"]));
  ASSERT_TRUE(failure);
  EXPECT_FALSE(failure->success);
  EXPECT_EQ(failure->error_reason, "payment_unsettled");
  EXPECT_EQ(h.calls, 0);

  ASSERT_TRUE(h.node->settle(offer->invoice));
  auto paid = h.post_with(kBody, "PAYMENT-SIGNATURE", credential);
  ASSERT_EQ(paid.result(), Status::ok) << paid.body();
  auto success = x402::parse_settlement_response(std::string(paid["PAYMENT-RESPONSE"]));
  ASSERT_TRUE(success);
  EXPECT_TRUE(success->success);
  EXPECT_EQ(success->transaction, offer->invoice);
  EXPECT_EQ(h.calls, 1);
}

TEST(PaywallGateRails, AnX402OfferWithAnotherInvoiceIsRefused) {
  Harness h;
  auto offer = x402::find_lightning_offer(x402_header(h.post(kBody)));
  auto other = x402::find_lightning_offer(x402_header(h.post(kBody)));
  ASSERT_TRUE(offer && other);
  const auto preimage = h.node->settle(offer->invoice);
  ASSERT_TRUE(preimage);
  // The preimage of one sale presented with the offer of another.
  auto res = h.post_with(kBody, "PAYMENT-SIGNATURE",
                         x402::format_payment_payload(2, other->accepted, *preimage, ""));
  ASSERT_EQ(res.result(), Status::payment_required);
  EXPECT_EQ(body_of(res).at("error").at("code").as_string(), "preimage_mismatch");
  EXPECT_EQ(h.calls, 0);
}

TEST(PaywallGateRails, AnExpiredX402OfferIsRefusedWithAFreshOne) {
  Harness h;
  auto offer = x402::find_lightning_offer(x402_header(h.post(kBody)));
  ASSERT_TRUE(offer);
  const auto preimage = h.node->settle(offer->invoice);
  ASSERT_TRUE(preimage);
  h.skew = 2 * 86400;  // past the token's validity (valid_until caveat)
  auto res = h.post_with(kBody, "PAYMENT-SIGNATURE",
                         x402::format_payment_payload(2, offer->accepted, *preimage, ""));
  ASSERT_EQ(res.result(), Status::payment_required);
  EXPECT_EQ(body_of(res).at("error").at("code").as_string(), "caveat_expired");
  auto failure = x402::parse_settlement_response(std::string(res["PAYMENT-RESPONSE"]));
  ASSERT_TRUE(failure);
  EXPECT_FALSE(failure->success);
  EXPECT_EQ(failure->error_reason, "caveat_expired");
  EXPECT_NE(x402::find_lightning_offer(x402_header(res))->invoice, offer->invoice);
  EXPECT_EQ(h.calls, 0);
}

TEST(PaywallGateRails, ASwitchedOffRailIsNeitherOfferedNorRead) {
  Harness h(HarnessOptions{.rails = {.l402 = true, .mpp = false, .x402 = false}});
  auto res = h.post(kBody);
  std::size_t lines = 0;
  for (const auto& f : res)
    lines += f.name() == Field::www_authenticate;
  EXPECT_EQ(lines, 1U);
  EXPECT_TRUE(res["PAYMENT-REQUIRED"].empty());
  auto refused = h.post(kBody, "Payment eyJ9");
  EXPECT_EQ(refused.result(), Status::payment_required);
  EXPECT_EQ(body_of(refused).at("error").at("code").as_string(), "rail_disabled");
}

constexpr const char* kKey = "0f0c2a4e-6a4b-4d1e-9a57-2d0c1e6b7a11";

TEST(PaywallGateIdempotency, ARetryUnderTheSameKeyGetsTheSameInvoice) {
  Harness h;
  auto first = h.post_with(kBody, "Idempotency-Key", kKey);
  auto again = h.post_with(kBody, "Idempotency-Key", kKey);
  ASSERT_EQ(first.result(), Status::payment_required);
  ASSERT_EQ(again.result(), Status::payment_required);
  EXPECT_EQ(body_of(again).at("invoice"), body_of(first).at("invoice"));
  EXPECT_EQ(again[Field::www_authenticate], first[Field::www_authenticate]);
  EXPECT_EQ(again["PAYMENT-REQUIRED"], first["PAYMENT-REQUIRED"]);
  // Without the key, a new invoice.
  EXPECT_NE(body_of(h.post(kBody)).at("invoice"), body_of(first).at("invoice"));
}

TEST(PaywallGateIdempotency, AKeyNamesOneRequest) {
  Harness h;
  ASSERT_EQ(h.post_with(kBody, "Idempotency-Key", kKey).result(), Status::payment_required);
  auto other =
      h.post_with(R"({"prompt":"another song","lyrics":"do re mi"})", "Idempotency-Key", kKey);
  EXPECT_EQ(other.result(), Status::unprocessable_entity);
  EXPECT_EQ(body_of(other).at("error").at("code").as_string(), "idempotency_key_reused");
  auto bad = h.post_with(kBody, "Idempotency-Key", "short");
  EXPECT_EQ(bad.result(), Status::bad_request);
  EXPECT_EQ(body_of(bad).at("error").at("code").as_string(), "idempotency_key_invalid");
}

TEST(PaywallGateIdempotency, OncePaidTheKeyGetsTheResult) {
  Harness h(HarnessOptions{.in_memory = true});
  auto first = h.post_with(kBody, "Idempotency-Key", kKey);
  auto challenge = l402::parse_challenge(std::string(first[Field::www_authenticate]));
  ASSERT_TRUE(challenge);
  auto preimage = h.node->settle(challenge->invoice);
  ASSERT_TRUE(preimage);
  auto paid = h.post(kBody, l402::format_authorization(challenge->macaroon, *preimage));
  ASSERT_EQ(paid.result(), Status::ok);
  // The buyer lost the answer and retries the unpaid request under its key.
  auto retry = h.post_with(kBody, "Idempotency-Key", kKey);
  EXPECT_EQ(retry.result(), Status::ok);
  EXPECT_EQ(retry.body(), paid.body());
  EXPECT_EQ(h.calls, 1);
}

TEST(PaywallGateIdempotency, AnX402PaymentIdentifierNamesOneRequest) {
  Harness h;
  auto pay_x402 = [&](const char* body, const std::string& id) {
    auto offer = x402::find_lightning_offer(x402_header(h.post(body)));
    EXPECT_TRUE(offer);
    auto preimage = h.node->settle(offer->invoice);
    EXPECT_TRUE(preimage);
    json::object root{
        {"x402Version", 2},
        {"accepted", offer->accepted},
        {"payload", json::object{{"preimage", to_hex(*preimage)}}},
        {"extensions",
         json::object{{"payment-identifier", json::object{{"info", json::object{{"id", id}}}}}}}};
    return h.post_with(body, "PAYMENT-SIGNATURE", base64_encode(json::serialize(root)));
  };
  const std::string id = "pay_0123456789abcdef";
  EXPECT_EQ(pay_x402(kBody, id).result(), Status::ok);
  auto other = pay_x402(R"({"prompt":"another song","lyrics":"do re mi"})", id);
  EXPECT_EQ(other.result(), Status::unprocessable_entity);
  EXPECT_EQ(body_of(other).at("error").at("code").as_string(), "idempotency_key_reused");
  EXPECT_EQ(h.calls, 1);
}

TEST(PaywallGateIdempotency, AKeySentWithTheCredentialAlsoGetsTheResultLater) {
  Harness h(HarnessOptions{.in_memory = true});
  auto auth = h.pay(kBody);
  TestClient c(h.server->port());
  auto req = make_request(Verb::post, "/api/l402/music", kBody);
  req.set(Field::authorization, auth);
  req.set("Idempotency-Key", kKey);
  auto paid = c.send(req);
  ASSERT_EQ(paid.result(), Status::ok);
  auto retry = h.post_with(kBody, "Idempotency-Key", kKey);
  EXPECT_EQ(retry.result(), Status::ok);
  EXPECT_EQ(retry.body(), paid.body());
  EXPECT_EQ(h.calls, 1);
}

// The value of one series as rendered; 0 when it never moved.
double series(Harness& h, const std::string& name) {
  const auto text = h.metrics.render();
  const auto at = text.find("\n" + name + " ");
  return at == std::string::npos ? 0 : std::stod(text.substr(at + name.size() + 2));
}

TEST(PaywallGateMetrics, ASaleIsCountedOnceUnderTheRailItWasPaidOn) {
  Harness h;
  auto c = payment_challenge(h.post(kBody));
  const auto auth = mpp::format_authorization(c, settle(h, c));
  h.fail_next = true;
  EXPECT_NE(h.post(kBody, auth).result(), Status::ok);
  EXPECT_EQ(h.post(kBody, auth).result(), Status::ok);  // the retry after the failure
  EXPECT_EQ(h.post(kBody, auth).result(), Status::ok);  // a replay
  EXPECT_EQ(h.calls, 2);
  EXPECT_EQ(series(h, R"(l402d_payments_redeemed_total{service="music",rail="mpp"})"), 1);
  EXPECT_EQ(series(h, R"(l402d_sats_earned_total{service="music",rail="mpp"})"), 100);
  EXPECT_EQ(series(h, R"(l402d_sats_earned_total{service="music",rail="l402"})"), 0);
}

TEST(PaywallGateMetrics, AReusableTokenIsCountedOnceHoweverOftenItIsUsed) {
  Harness h(HarnessOptions{.reusable = true});
  const auto auth = h.pay(kBody);
  h.fail_next = true;
  EXPECT_NE(h.post(kBody, auth).result(), Status::ok);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(h.post(kBody, auth).result(), Status::ok);
  EXPECT_EQ(series(h, R"(l402d_payments_redeemed_total{service="music",rail="l402"})"), 1);
  EXPECT_EQ(series(h, R"(l402d_sats_earned_total{service="music",rail="l402"})"), 100);
}

TEST(PaywallGateMetrics, AChallengeIsOpenUntilItsTokenIsFirstPresentedPaid) {
  Harness h;
  const std::string other = R"({"prompt":"another song","lyrics":"la"})";
  EXPECT_EQ(h.post(kBody).result(), Status::payment_required);  // left unpaid
  const auto auth = h.pay(other);
  const auto now = unix_now();
  EXPECT_EQ(h.open_challenges.list("", 10, now).size(), 2U);
  EXPECT_EQ(h.post(other, auth).result(), Status::ok);
  EXPECT_EQ(h.post(other, auth).result(), Status::ok);
  const auto open = h.open_challenges.list("music", 10, now);
  ASSERT_EQ(open.size(), 1U);
  EXPECT_EQ(open[0].price_msat, 100'000U);
  EXPECT_EQ(open[0].rails, rail_l402 | rail_mpp | rail_x402);
  EXPECT_EQ(series(h, R"(l402d_challenges_paid_total{service="music"})"), 1);
  EXPECT_EQ(series(h, R"(l402d_challenges_issued_total{service="music"})"), 2);
}

}  // namespace rails
}  // namespace
}  // namespace l402d::gateway
