#include "nostr/nip47_events.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "nostr/nip04.hpp"
#include "nostr/relay_message.hpp"
#include "published_events.hpp"
#include "test_support.hpp"
#include "util/hex.hpp"

namespace l402d::nostr::nip47 {
namespace {

namespace json = boost::json;

constexpr std::int64_t kNow = 1765000000;

template <class T>
T value_of(Expected<T, Error> e) {
  if (!e) throw std::runtime_error(e.error().message);
  return *std::move(e);
}

template <class T>
ErrorCode code_of(const Expected<T, Error>& e) {
  if (e) throw std::runtime_error("expected a refusal");
  return e.error().code;
}

Transaction invoice_transaction() {
  Transaction t;
  t.type = TransactionType::incoming;
  t.state = TransactionState::pending;
  t.invoice = "lnbcrt10u1p...";
  t.description = "vision";
  t.payment_hash = std::string(64, 'c');
  t.amount_msat = 1'000'000;
  t.created_at = kNow;
  t.expires_at = kNow + 600;
  return t;
}

// ---- the info event ----

// The spec's example, signed anew: as published it does not verify
// (published_events.hpp), and open_info checks signatures.
Event spec_info_event(const SecretKey& wallet) {
  const Event published = value_of(parse_event(test::kNip47InfoEvent));
  return sign(
      UnsignedEvent{published.created_at, published.kind, published.tags, published.content},
      wallet);
}

TEST(Nip47Info, ReadsTheSpecsInfoEvent) {
  const SecretKey wallet_key = SecretKey::generate();
  const Event event = spec_info_event(wallet_key);
  const PublicKey wallet = wallet_key.public_key();
  const WalletInfo info = value_of(open_info(event, wallet));
  EXPECT_TRUE(info.supports("pay_invoice"));
  EXPECT_TRUE(info.supports("make_invoice"));
  EXPECT_TRUE(info.supports("lookup_invoice"));
  EXPECT_TRUE(info.supports("notifications"));
  EXPECT_FALSE(info.supports("pay"));
  EXPECT_TRUE(info.encryption_tag_present);
  EXPECT_EQ(info.encryptions, (std::vector<Encryption>{Encryption::nip44_v2, Encryption::nip04}));
  EXPECT_EQ(info.choose_encryption(), Encryption::nip44_v2);
  EXPECT_EQ(info.notifications, (std::vector<std::string>{"payment_received", "payment_sent"}));
  EXPECT_TRUE(info_filter(wallet).matches(event));
}

TEST(Nip47Info, RefusesAnotherAuthorAnotherKindOrATamperedEvent) {
  const SecretKey wallet = SecretKey::generate();
  const Event event = spec_info_event(wallet);
  EXPECT_EQ(code_of(open_info(event, SecretKey::generate().public_key())),
            ErrorCode::unexpected_event);
  Event downgraded = event;
  downgraded.tags[0][1] = "nip04";
  EXPECT_EQ(code_of(open_info(downgraded, event.pubkey)), ErrorCode::event_id_mismatch);
  const Event published = value_of(parse_event(test::kNip47InfoEvent));
  EXPECT_EQ(code_of(open_info(published, published.pubkey)), ErrorCode::event_id_mismatch);
  const Event other_kind = sign(UnsignedEvent{kNow, 13195, {}, "pay_invoice"}, wallet);
  EXPECT_EQ(code_of(open_info(other_kind, wallet.public_key())), ErrorCode::unexpected_event);
}

TEST(Nip47Info, NoEncryptionTagMeansNip04Only) {
  const SecretKey wallet = SecretKey::generate();
  const Event event = sign(UnsignedEvent{kNow, kInfoKind, {}, "pay_invoice get_balance"}, wallet);
  const WalletInfo info = value_of(open_info(event, wallet.public_key()));
  EXPECT_FALSE(info.encryption_tag_present);
  EXPECT_EQ(info.encryptions, std::vector<Encryption>{Encryption::nip04});
  EXPECT_EQ(info.choose_encryption(), Encryption::nip04);
  EXPECT_TRUE(info.notifications.empty());
}

TEST(Nip47Info, OnlyUnknownSchemesLeaveNothingToChoose) {
  const SecretKey wallet = SecretKey::generate();
  const Event event =
      sign(UnsignedEvent{kNow, kInfoKind, {{"encryption", "nip44_v3"}}, "pay_invoice"}, wallet);
  const WalletInfo info = value_of(open_info(event, wallet.public_key()));
  EXPECT_TRUE(info.encryption_tag_present);
  EXPECT_TRUE(info.encryptions.empty());
  EXPECT_FALSE(info.choose_encryption().has_value());
}

// ---- a full exchange between a client and a wallet service ----

class Nip47Exchange : public testing::TestWithParam<Encryption> {
 protected:
  SecretKey client = SecretKey::generate();  // the NWC URI's secret
  SecretKey wallet = SecretKey::generate();
};

TEST_P(Nip47Exchange, MakeInvoiceThereAndBack) {
  const Encryption encryption = GetParam();
  const SentRequest sent = build_request(MakeInvoiceRequest{1'000'000, "vision", {}, 600, {}},
                                         client, wallet.public_key(), encryption, kNow, kNow + 60);

  // What goes on the wire.
  EXPECT_EQ(sent.event.kind, kRequestKind);
  EXPECT_EQ(sent.event.pubkey, client.public_key());
  EXPECT_EQ(*sent.event.tag_value("p"), wallet.public_key().hex());
  EXPECT_EQ(*sent.event.tag_value("encryption"), to_string(encryption));
  EXPECT_EQ(*sent.event.tag_value("expiration"), std::to_string(kNow + 60));
  EXPECT_EQ(sent.event.content.find("make_invoice"), std::string::npos);
  EXPECT_TRUE(verify(sent.event).has_value());
  EXPECT_EQ(sent.method, Method::make_invoice);

  // The wallet service reads it...
  const ReceivedRequest received = value_of(open_request(sent.event, wallet, kNow + 1));
  EXPECT_EQ(received.client, client.public_key());
  EXPECT_EQ(received.id, sent.event.id);
  EXPECT_EQ(received.encryption, encryption);
  const auto& make = std::get<MakeInvoiceRequest>(received.request);
  EXPECT_EQ(make.amount_msat, 1'000'000u);
  EXPECT_EQ(make.description, "vision");
  EXPECT_EQ(make.expiry_seconds, 600u);

  // ...and answers.
  const Event answer =
      build_response(Response{Method::make_invoice, MakeInvoiceResult{invoice_transaction()}},
                     received, wallet, kNow + 2);
  EXPECT_EQ(answer.kind, kResponseKind);
  EXPECT_EQ(*answer.tag_value("p"), client.public_key().hex());
  EXPECT_EQ(*answer.tag_value("e"), to_hex(sent.event.id));
  EXPECT_TRUE(response_filter(sent, wallet.public_key()).matches(answer));

  // The client reads the answer as a relay delivers it.
  const std::string frame = R"(["EVENT","nwc-1",)" + to_json_text(answer) + "]";
  const auto delivered = std::get<EventMessage>(value_of(parse_relay_message(frame))).event;
  const Response response = value_of(open_response(delivered, sent, client, wallet.public_key()));
  const Transaction& t = std::get<MakeInvoiceResult>(response.outcome).transaction;
  EXPECT_EQ(t.invoice, "lnbcrt10u1p...");
  EXPECT_EQ(t.payment_hash, std::string(64, 'c'));
  EXPECT_EQ(t.amount_msat, 1'000'000u);
  EXPECT_EQ(t.state, TransactionState::pending);
}

TEST_P(Nip47Exchange, PayInvoiceFailureComesBackAsAWalletError) {
  const SentRequest sent = build_request(PayInvoiceRequest{"lnbc1...", {}, {}}, client,
                                         wallet.public_key(), GetParam(), kNow);
  EXPECT_EQ(sent.event.tag_value("expiration"), nullptr);
  const ReceivedRequest received = value_of(open_request(sent.event, wallet, kNow));
  EXPECT_EQ(std::get<PayInvoiceRequest>(received.request).invoice, "lnbc1...");
  const Event answer = build_response(
      Response{Method::pay_invoice,
               WalletError{WalletErrorCode::payment_failed, "PAYMENT_FAILED", "no route"}},
      received, wallet, kNow);
  const Response response = value_of(open_response(answer, sent, client, wallet.public_key()));
  const auto& error = std::get<WalletError>(response.outcome);
  EXPECT_EQ(error.code, WalletErrorCode::payment_failed);
  EXPECT_EQ(error.message, "no route");
}

TEST_P(Nip47Exchange, NotificationsReachTheClient) {
  Transaction paid = invoice_transaction();
  paid.state = TransactionState::settled;
  paid.preimage = std::string(64, 'd');
  paid.settled_at = kNow + 30;
  const Event event = build_notification(Notification{NotificationType::payment_received, paid},
                                         wallet, client.public_key(), GetParam(), kNow + 30);
  EXPECT_EQ(event.kind,
            GetParam() == Encryption::nip44_v2 ? kNotificationKind : kLegacyNotificationKind);
  EXPECT_TRUE(
      notification_filter(client.public_key(), wallet.public_key(), GetParam()).matches(event));
  const Notification n = value_of(open_notification(event, client, wallet.public_key()));
  EXPECT_EQ(n.type, NotificationType::payment_received);
  EXPECT_TRUE(n.transaction.settled());
  EXPECT_EQ(n.transaction.preimage, std::string(64, 'd'));

  const SecretKey stranger = SecretKey::generate();
  EXPECT_EQ(code_of(open_notification(event, client, stranger.public_key())),
            ErrorCode::unexpected_event);
  const Event to_someone_else =
      build_notification(Notification{NotificationType::payment_received, paid}, wallet,
                         stranger.public_key(), GetParam(), kNow);
  EXPECT_EQ(code_of(open_notification(to_someone_else, client, wallet.public_key())),
            ErrorCode::unexpected_event);
}

INSTANTIATE_TEST_SUITE_P(BothSchemes, Nip47Exchange,
                         testing::Values(Encryption::nip44_v2, Encryption::nip04),
                         [](const auto& p) { return std::string(to_string(p.param)); });

// ---- what a client must refuse ----

class Nip47ResponseChecks : public testing::Test {
 protected:
  SecretKey client = SecretKey::generate();
  SecretKey wallet = SecretKey::generate();
  SentRequest sent =
      build_request(GetBalanceRequest{}, client, wallet.public_key(), Encryption::nip44_v2, kNow);
  ReceivedRequest received = value_of(open_request(sent.event, wallet, kNow));
  Response balance{Method::get_balance, GetBalanceResult{21}};

  ErrorCode refusal(const Event& answer) {
    return code_of(open_response(answer, sent, client, wallet.public_key()));
  }
};

TEST_F(Nip47ResponseChecks, TheGenuineAnswerIsAccepted) {
  const Event answer = build_response(balance, received, wallet, kNow);
  const Response r = value_of(open_response(answer, sent, client, wallet.public_key()));
  EXPECT_EQ(std::get<GetBalanceResult>(r.outcome).balance_msat, 21u);
}

TEST_F(Nip47ResponseChecks, AnAnswerFromAnotherKeyIsRefused) {
  // Mallory answers with the right tags, encrypted to the client correctly.
  const SecretKey mallory = SecretKey::generate();
  ReceivedRequest as_mallory = received;
  const Event forged = build_response(balance, as_mallory, mallory, kNow);
  EXPECT_EQ(refusal(forged), ErrorCode::unexpected_event);
  // Claiming the wallet's key without its signature fails the signature.
  Event claimed = forged;
  claimed.pubkey = wallet.public_key();
  claimed.id = compute_event_id(claimed.pubkey, claimed.created_at, claimed.kind, claimed.tags,
                                claimed.content);
  EXPECT_EQ(refusal(claimed), ErrorCode::bad_signature);
}

TEST_F(Nip47ResponseChecks, AnAnswerToAnotherRequestIsRefused) {
  const SentRequest other = build_request(GetBalanceRequest{}, client, wallet.public_key(),
                                          Encryption::nip44_v2, kNow + 1);
  const ReceivedRequest other_received = value_of(open_request(other.event, wallet, kNow));
  EXPECT_EQ(refusal(build_response(balance, other_received, wallet, kNow)),
            ErrorCode::unexpected_event);
}

TEST_F(Nip47ResponseChecks, AnAnswerAddressedToAnotherClientIsRefused) {
  ReceivedRequest elsewhere = received;
  elsewhere.client = SecretKey::generate().public_key();
  EXPECT_EQ(refusal(build_response(balance, elsewhere, wallet, kNow)), ErrorCode::unexpected_event);
}

TEST_F(Nip47ResponseChecks, ARequestOrATamperedAnswerIsRefused) {
  EXPECT_EQ(refusal(sent.event), ErrorCode::unexpected_event);
  Event tampered = build_response(balance, received, wallet, kNow);
  tampered.content[10] = tampered.content[10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(refusal(tampered), ErrorCode::event_id_mismatch);
}

TEST_F(Nip47ResponseChecks, AnAnswerInAnotherSchemeOrToAnotherMethodIsRefused) {
  ReceivedRequest legacy = received;
  legacy.encryption = Encryption::nip04;
  EXPECT_EQ(refusal(build_response(balance, legacy, wallet, kNow)), ErrorCode::malformed_payload);
  EXPECT_EQ(
      refusal(build_response(Response{Method::get_info, GetInfoResult{}}, received, wallet, kNow)),
      ErrorCode::malformed_message);
}

// ---- what a wallet service must refuse ----

TEST(Nip47Requests, ExpiredRequestsAreRefused) {
  const SecretKey client = SecretKey::generate();
  const SecretKey wallet = SecretKey::generate();
  const SentRequest sent = build_request(GetInfoRequest{}, client, wallet.public_key(),
                                         Encryption::nip44_v2, kNow, kNow + 10);
  EXPECT_TRUE(open_request(sent.event, wallet, kNow + 10).has_value());
  EXPECT_EQ(code_of(open_request(sent.event, wallet, kNow + 11)), ErrorCode::expired);
}

TEST(Nip47Requests, RequestsForAnotherWalletOrInAnUnknownSchemeAreRefused) {
  const SecretKey client = SecretKey::generate();
  const SecretKey wallet = SecretKey::generate();
  const SentRequest sent =
      build_request(GetInfoRequest{}, client, wallet.public_key(), Encryption::nip44_v2, kNow);
  EXPECT_EQ(code_of(open_request(sent.event, SecretKey::generate(), kNow)),
            ErrorCode::unexpected_event);
  const Event future_scheme =
      sign(UnsignedEvent{kNow,
                         kRequestKind,
                         {{"p", wallet.public_key().hex()}, {"encryption", "nip44_v3"}},
                         sent.event.content},
           client);
  EXPECT_EQ(code_of(open_request(future_scheme, wallet, kNow)), ErrorCode::unsupported_encryption);
  const Event bad_expiration =
      sign(UnsignedEvent{kNow,
                         kRequestKind,
                         {{"p", wallet.public_key().hex()}, {"expiration", "soon"}},
                         sent.event.content},
           client);
  EXPECT_EQ(code_of(open_request(bad_expiration, wallet, kNow)), ErrorCode::malformed_message);
}

// A legacy client (nostr-tools' makeNwcRequestEvent): p tag only, NIP-04 content.
TEST(Nip47Requests, NoEncryptionTagMeansNip04) {
  const SecretKey client = SecretKey::generate();
  const SecretKey wallet = SecretKey::generate();
  const std::string payload = R"({"method":"pay_invoice","params":{"invoice":"lnbc210n1..."}})";
  const Event legacy = sign(UnsignedEvent{kNow,
                                          kRequestKind,
                                          {{"p", wallet.public_key().hex()}},
                                          nip04::encrypt(payload, client, wallet.public_key())},
                            client);
  const ReceivedRequest received = value_of(open_request(legacy, wallet, kNow));
  EXPECT_EQ(received.encryption, Encryption::nip04);
  EXPECT_EQ(std::get<PayInvoiceRequest>(received.request).invoice, "lnbc210n1...");
}

TEST(Nip47Filters, ResponseFilterIsTheWalletsReplyToOneRequest) {
  const SecretKey client = SecretKey::generate();
  const SecretKey wallet = SecretKey::generate();
  const SentRequest sent =
      build_request(GetInfoRequest{}, client, wallet.public_key(), Encryption::nip44_v2, kNow);
  const json::value expected = json::object{{"kinds", json::array{23195}},
                                            {"authors", json::array{wallet.public_key().hex()}},
                                            {"#e", json::array{to_hex(sent.event.id)}}};
  EXPECT_EQ(to_json(response_filter(sent, wallet.public_key())), expected);
}

}  // namespace
}  // namespace l402d::nostr::nip47
