// NIP-47 payloads against the JSON examples of nostr-protocol/nips 47.md (at
// db5fe3de), copied verbatim: they are JSON with comments, trailing commas and
// the placeholders `unixtimestamp` and `blocknumber`, read here with Boost.JSON's
// comment and trailing-comma options and the placeholders replaced by numbers.

#include "nostr/nip47.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace l402d::nostr::nip47 {
namespace {

namespace json = boost::json;

constexpr std::int64_t kTime = 1713883677;

json::value spec_json(std::string text) {
  for (const std::string_view placeholder : {"unixtimestamp", "blocknumber"}) {
    for (std::size_t at; (at = text.find(placeholder)) != std::string::npos;)
      text.replace(at, placeholder.size(), std::to_string(kTime));
  }
  json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  return json::parse(text, {}, options);
}

// ---- the examples, verbatim ----

constexpr std::string_view kPayInvoiceRequest = R"({
    "method": "pay_invoice",
    "params": {
        "invoice": "lnbc50n1...", // bolt11 invoice
        "amount": 123, // invoice amount in msats, optional
        "metadata": {} // generic metadata that can be used to add things like zap/boostagram details for a payer name/comment/etc, optional
    }
})";

constexpr std::string_view kPayInvoiceResponse = R"({
    "result_type": "pay_invoice",
    "result": {
        "preimage": "0123456789abcdef...", // preimage of the payment
        "fees_paid": 123, // value in msats, optional
    }
})";

constexpr std::string_view kMakeInvoiceRequest = R"({
    "method": "make_invoice",
    "params": {
        "amount": 123, // value in msats
        "description": "string", // invoice's description, optional
        "description_hash": "string", // invoice's description hash, optional
        "expiry": 213, // expiry in seconds from time invoice is created, optional
        "metadata": {} // generic metadata that can be used to add things like zap/boostagram details for a payer name/comment/etc, optional
    }
})";

constexpr std::string_view kMakeInvoiceResponse = R"({
    "result_type": "make_invoice",
    "result": {
        "type": "incoming", // "incoming" for invoices, "outgoing" for payments
        "state": "pending", // optional
        "invoice": "string", // encoded invoice, optional
        "description": "string", // invoice's description, optional
        "description_hash": "string", // invoice's description hash, optional
        "preimage": "string", // payment's preimage, optional if unpaid
        "payment_hash": "string", // Payment hash for the payment
        "amount": 123, // value in msats
        "fees_paid": 123, // value in msats
        "created_at": unixtimestamp, // invoice/payment creation time
        "expires_at": unixtimestamp, // invoice expiration time, optional if not applicable
        "metadata": {} // generic metadata that can be used to add things like zap/boostagram details for a payer name/comment/etc.
    }
})";

constexpr std::string_view kLookupInvoiceRequest = R"({
    "method": "lookup_invoice",
    "params": {
        "payment_hash": "31afdf1..", // payment hash of the invoice, one of payment_hash or invoice is required
        "invoice": "lnbc50n1..." // invoice to lookup
    }
})";

constexpr std::string_view kLookupInvoiceResponse = R"({
    "result_type": "lookup_invoice",
    "result": {
        "type": "incoming", // "incoming" for invoices, "outgoing" for payments
        "state": "pending", // can be "pending", "settled", "accepted" (for hold invoices), "expired" (for invoices) or "failed" (for payments), optional
        "invoice": "string", // encoded invoice, optional
        "description": "string", // invoice's description, optional
        "description_hash": "string", // invoice's description hash, optional
        "preimage": "string", // payment's preimage, optional if unpaid
        "payment_hash": "string", // Payment hash for the payment
        "amount": 123, // value in msats
        "fees_paid": 123, // value in msats
        "created_at": unixtimestamp, // invoice/payment creation time
        "expires_at": unixtimestamp, // invoice expiration time, optional if not applicable
        "settled_at": unixtimestamp, // invoice/payment settlement time, optional if unpaid
        "metadata": {} // generic metadata that can be used to add things like zap/boostagram details for a payer name/comment/etc.
    }
})";

constexpr std::string_view kGetBalanceRequest = R"({
    "method": "get_balance",
    "params": {}
})";

constexpr std::string_view kGetBalanceResponse = R"({
    "result_type": "get_balance",
    "result": {
        "balance": 10000, // user's balance in msats
    }
})";

constexpr std::string_view kGetInfoRequest = R"({
    "method": "get_info",
    "params": {}
})";

constexpr std::string_view kGetInfoResponse = R"({
    "result_type": "get_info",
    "result": {
            "alias": "string",
            "color": "hex string",
            "pubkey": "hex string",
            "network": "string", // mainnet, testnet, signet, or regtest
            "block_height": 1,
            "block_hash": "hex string",
            "methods": ["pay_invoice", "get_balance", "make_invoice", "lookup_invoice", "list_transactions", "get_info"], // list of supported methods for this connection
            "notifications": ["payment_received", "payment_sent"], // list of supported notifications for this connection, optional.
    }
})";

// The content of the "Example response" event, inside its nip44_encrypt(...).
constexpr std::string_view kErrorResponse =
    R"({ // Encrypted using the scheme requested by the client.
        "result_type": "pay_invoice", //indicates the structure of the result field
        "error": { //object, non-null in case of error
            "code": "UNAUTHORIZED", //string error code, see below
            "message": "human readable error message"
        },
        "result": { // result, object. null in case of error.
            "preimage": "0123456789abcdef..." // command-related data
        }
    })";

constexpr std::string_view kPaymentReceived = R"({
    "notification_type": "payment_received",
    "notification": {
        "type": "incoming",
        "state": "settled", // optional
        "invoice": "string", // encoded invoice
        "description": "string", // invoice's description, optional
        "description_hash": "string", // invoice's description hash, optional
        "preimage": "string", // payment's preimage
        "payment_hash": "string", // Payment hash for the payment
        "amount": 123, // value in msats
        "fees_paid": 123, // value in msats
        "created_at": unixtimestamp, // invoice/payment creation time
        "expires_at": unixtimestamp, // invoice expiration time, optional if not applicable
        "settled_at": unixtimestamp, // invoice/payment settlement time
        "metadata": {} // generic metadata that can be used to add things like zap/boostagram details for a payer name/comment/etc.
    }
})";

constexpr std::string_view kPaymentSent = R"({
    "notification_type": "payment_sent",
    "notification": {
        "type": "outgoing",
        "state": "settled", // optional
        "invoice": "string", // encoded invoice
        "description": "string", // invoice's description, optional
        "description_hash": "string", // invoice's description hash, optional
        "preimage": "string", // payment's preimage
        "payment_hash": "string", // Payment hash for the payment
        "amount": 123, // value in msats
        "fees_paid": 123, // value in msats
        "created_at": unixtimestamp, // invoice/payment creation time
        "expires_at": unixtimestamp, // invoice expiration time, optional if not applicable
        "settled_at": unixtimestamp, // invoice/payment settlement time
        "metadata": {} // generic metadata that can be used to add things like zap/boostagram details for a payer name/comment/etc.
    }
})";

constexpr std::string_view kHoldInvoiceAccepted = R"({
    "notification_type": "hold_invoice_accepted",
    "notification": {
        "type": "incoming",
        "state": "accepted",  // optional
        "invoice": "string", // encoded invoice
        "description": "string", // invoice's description, optional
        "description_hash": "string", // invoice's description hash, optional
        "payment_hash": "string", // Payment hash for the payment
        "amount": 123, // value in msats
        "created_at": unixtimestamp, // invoice/payment creation time
        "expires_at": unixtimestamp, // invoice expiration time
        "settle_deadline": blocknumber, // invoice can only be safely settled or canceled before this block number.
        "metadata": {} // generic metadata that can be used to add things like zap/boostagram details for a payer name/comment/etc.
    }
})";

// The schematic notification of "Notification Events": a payment hash only.
constexpr std::string_view kSchematicNotification = R"({
    "notification_type": "payment_received", //indicates the structure of the notification field
    "notification": {
        "payment_hash": "0123456789abcdef..." // notification-related data
    }
})";

constexpr std::string_view kPayKeysendRequest = R"({
    "method": "pay_keysend",
    "params": {
        "amount": 123, // invoice amount in msats, required
        "pubkey": "03...", // payee pubkey, required
        "preimage": "0123456789abcdef...", // preimage of the payment, optional
        "tlv_records": [ // tlv records, optional
            {
                "type": 5482373484, // tlv type
                "value": "0123456789abcdef" // hex encoded tlv value
            }
        ]
    }
})";

Response response(std::string_view text, Method method) {
  auto r = parse_response(spec_json(std::string(text)), method);
  if (!r) throw std::runtime_error(r.error().message);
  return *std::move(r);
}

template <class T>
const T& outcome(const Response& r) {
  const T* value = std::get_if<T>(&r.outcome);
  if (value == nullptr) throw std::runtime_error("another outcome");
  return *value;
}

void expect_spec_transaction(const Transaction& t) {
  EXPECT_EQ(t.type, TransactionType::incoming);
  EXPECT_EQ(t.state, TransactionState::pending);
  EXPECT_EQ(t.invoice, "string");
  EXPECT_EQ(t.description, "string");
  EXPECT_EQ(t.description_hash, "string");
  EXPECT_EQ(t.preimage, "string");
  EXPECT_EQ(t.payment_hash, "string");
  EXPECT_EQ(t.amount_msat, 123u);
  EXPECT_EQ(t.fees_paid_msat, 123u);
  EXPECT_EQ(t.created_at, kTime);
  EXPECT_EQ(t.expires_at, kTime);
  EXPECT_EQ(t.metadata, json::object{});
}

// ---- requests ----

TEST(Nip47Requests, PayInvoiceIsWrittenAsTheSpecShowsAndReadBack) {
  const Request request = PayInvoiceRequest{"lnbc50n1...", 123, json::object{}};
  EXPECT_EQ(to_json(request), spec_json(std::string(kPayInvoiceRequest)));
  const auto parsed = parse_request(spec_json(std::string(kPayInvoiceRequest)));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  const auto& r = std::get<PayInvoiceRequest>(*parsed);
  EXPECT_EQ(r.invoice, "lnbc50n1...");
  EXPECT_EQ(r.amount_msat, 123u);
  // Optional parameters are left out, not written as null.
  EXPECT_EQ(json::serialize(to_json(PayInvoiceRequest{"lnbc1", {}, {}})),
            R"({"method":"pay_invoice","params":{"invoice":"lnbc1"}})");
}

TEST(Nip47Requests, MakeInvoiceIsWrittenAsTheSpecShowsAndReadBack) {
  const Request request = MakeInvoiceRequest{123, "string", "string", 213, json::object{}};
  EXPECT_EQ(to_json(request), spec_json(std::string(kMakeInvoiceRequest)));
  const auto parsed = parse_request(spec_json(std::string(kMakeInvoiceRequest)));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  const auto& r = std::get<MakeInvoiceRequest>(*parsed);
  EXPECT_EQ(r.amount_msat, 123u);
  EXPECT_EQ(r.description, "string");
  EXPECT_EQ(r.expiry_seconds, 213u);
}

TEST(Nip47Requests, LookupInvoiceIsWrittenAsTheSpecShowsAndNeedsAHashOrInvoice) {
  const Request request = LookupInvoiceRequest{"31afdf1..", "lnbc50n1..."};
  EXPECT_EQ(to_json(request), spec_json(std::string(kLookupInvoiceRequest)));
  EXPECT_THROW(to_json(Request(LookupInvoiceRequest{})), std::invalid_argument);
  const auto empty = parse_request(json::parse(R"({"method":"lookup_invoice","params":{}})"));
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::malformed_message);
}

TEST(Nip47Requests, GetBalanceAndGetInfoHaveEmptyParams) {
  EXPECT_EQ(to_json(Request(GetBalanceRequest{})), spec_json(std::string(kGetBalanceRequest)));
  EXPECT_EQ(to_json(Request(GetInfoRequest{})), spec_json(std::string(kGetInfoRequest)));
  EXPECT_TRUE(std::holds_alternative<GetInfoRequest>(
      parse_request(spec_json(std::string(kGetInfoRequest))).value()));
}

TEST(Nip47Requests, MethodsNotTypedHereAreUnknownMessages) {
  const auto keysend = parse_request(spec_json(std::string(kPayKeysendRequest)));
  ASSERT_FALSE(keysend.has_value());
  EXPECT_EQ(keysend.error().code, ErrorCode::unknown_message);
}

TEST(Nip47Requests, WrongShapesAreMalformed) {
  for (const std::string_view text :
       {R"([])", R"({"params":{}})", R"({"method":5,"params":{}})",
        R"({"method":"make_invoice","params":{"amount":"1000"}})",
        R"({"method":"make_invoice","params":{"amount":-1}})",
        R"({"method":"make_invoice","params":{}})",
        R"({"method":"pay_invoice","params":{"invoice":""}})",
        R"({"method":"pay_invoice","params":{"invoice":"lnbc1","metadata":[]}})",
        R"({"method":"get_info","params":[]})"}) {
    SCOPED_TRACE(text);
    const auto parsed = parse_request(json::parse(text));
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error().code, ErrorCode::malformed_message);
  }
}

// ---- responses ----

TEST(Nip47Responses, PayInvoiceResult) {
  const auto r = response(kPayInvoiceResponse, Method::pay_invoice);
  EXPECT_EQ(r.method, Method::pay_invoice);
  const auto& result = outcome<PayInvoiceResult>(r);
  EXPECT_EQ(result.preimage, "0123456789abcdef...");
  EXPECT_EQ(result.fees_paid_msat, 123u);
}

TEST(Nip47Responses, MakeInvoiceResultIsATransaction) {
  const auto r = response(kMakeInvoiceResponse, Method::make_invoice);
  const Transaction& t = outcome<MakeInvoiceResult>(r).transaction;
  expect_spec_transaction(t);
  EXPECT_FALSE(t.settled_at.has_value());
  EXPECT_FALSE(t.settled());
}

TEST(Nip47Responses, LookupInvoiceResultIsATransactionWithItsSettlementTime) {
  const auto r = response(kLookupInvoiceResponse, Method::lookup_invoice);
  const Transaction& t = outcome<LookupInvoiceResult>(r).transaction;
  expect_spec_transaction(t);
  EXPECT_EQ(t.settled_at, kTime);
  EXPECT_FALSE(t.settled());  // the state says pending, whatever settled_at says
}

TEST(Nip47Responses, GetBalanceAndGetInfoResults) {
  EXPECT_EQ(
      outcome<GetBalanceResult>(response(kGetBalanceResponse, Method::get_balance)).balance_msat,
      10000u);
  const auto info = outcome<GetInfoResult>(response(kGetInfoResponse, Method::get_info));
  EXPECT_EQ(info.alias, "string");
  EXPECT_EQ(info.color, "hex string");
  EXPECT_EQ(info.network, "string");
  EXPECT_EQ(info.block_height, 1u);
  EXPECT_EQ(info.methods,
            (std::vector<std::string>{"pay_invoice", "get_balance", "make_invoice",
                                      "lookup_invoice", "list_transactions", "get_info"}));
  EXPECT_EQ(info.notifications, (std::vector<std::string>{"payment_received", "payment_sent"}));
}

TEST(Nip47Responses, AnErrorWinsOverAResult) {
  const auto r = response(kErrorResponse, Method::pay_invoice);
  const auto& error = outcome<WalletError>(r);
  EXPECT_EQ(error.code, WalletErrorCode::unauthorized);
  EXPECT_EQ(error.code_text, "UNAUTHORIZED");
  EXPECT_EQ(error.message, "human readable error message");
}

TEST(Nip47Responses, EveryListedErrorCodeIsTypedAndOthersKeptAsText) {
  const std::pair<std::string_view, WalletErrorCode> codes[] = {
      {"RATE_LIMITED", WalletErrorCode::rate_limited},
      {"NOT_IMPLEMENTED", WalletErrorCode::not_implemented},
      {"INSUFFICIENT_BALANCE", WalletErrorCode::insufficient_balance},
      {"QUOTA_EXCEEDED", WalletErrorCode::quota_exceeded},
      {"RESTRICTED", WalletErrorCode::restricted},
      {"UNAUTHORIZED", WalletErrorCode::unauthorized},
      {"INTERNAL", WalletErrorCode::internal},
      {"UNSUPPORTED_ENCRYPTION", WalletErrorCode::unsupported_encryption},
      {"OTHER", WalletErrorCode::other},
      {"PAYMENT_FAILED", WalletErrorCode::payment_failed},
      {"NOT_FOUND", WalletErrorCode::not_found},
      {"BAD_REQUEST", WalletErrorCode::unknown},
  };
  for (const auto& [text, code] : codes) {
    SCOPED_TRACE(text);
    const json::value v = {{"result_type", "lookup_invoice"},
                           {"error", {{"code", std::string(text)}, {"message", "m"}}},
                           {"result", nullptr}};
    const auto r = parse_response(v, Method::lookup_invoice).value();
    const auto& error = std::get<WalletError>(r.outcome);
    EXPECT_EQ(error.code, code);
    EXPECT_EQ(error.code_text, text);
    // Written back as it came.
    EXPECT_EQ(to_json(r), v);
  }
}

TEST(Nip47Responses, NullErrorAndNullFieldsMeanAbsent) {
  const auto r = parse_response(json::parse(R"({"result_type":"pay_invoice","error":null,
                      "result":{"preimage":"ab","fees_paid":null}})"),
                                Method::pay_invoice);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_FALSE(std::get<PayInvoiceResult>(r->outcome).fees_paid_msat.has_value());
}

TEST(Nip47Responses, ResultsOfAnotherMethodOrWithoutResultAreMalformed) {
  for (const std::string_view text :
       {R"({"result_type":"get_balance","result":{"balance":1}})",
        R"({"result":{"preimage":"ab"}})", R"({"result_type":"pay_invoice","result":null})",
        R"({"result_type":"pay_invoice","result":{"fees_paid":1}})",
        R"({"result_type":"pay_invoice","error":"UNAUTHORIZED"})",
        R"({"result_type":"pay_invoice","error":{"code":5}})"}) {
    SCOPED_TRACE(text);
    const auto r = parse_response(json::parse(text), Method::pay_invoice);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::malformed_message);
  }
}

TEST(Nip47Responses, EveryOutcomeRoundTrips) {
  Transaction t;
  t.type = TransactionType::outgoing;
  t.state = TransactionState::settled;
  t.payment_hash = std::string(64, 'a');
  t.preimage = std::string(64, 'b');
  t.amount_msat = 21000;
  t.settled_at = kTime;
  const std::vector<Response> responses = {
      {Method::pay_invoice, PayInvoiceResult{std::string(64, 'b'), 1000}},
      {Method::make_invoice, MakeInvoiceResult{t}},
      {Method::lookup_invoice, LookupInvoiceResult{t}},
      {Method::get_balance, GetBalanceResult{5}},
      {Method::get_info, GetInfoResult{"alias", {}, {}, "regtest", 7, {}, {"get_info"}, {}}},
      {Method::make_invoice, WalletError{WalletErrorCode::internal, "", "boom"}},
  };
  for (const Response& r : responses) {
    SCOPED_TRACE(to_string(r.method));
    const json::value v = to_json(r);
    const auto back = parse_response(v, r.method);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(back->outcome.index(), r.outcome.index());
    EXPECT_EQ(to_json(*back), v);
  }
  EXPECT_THROW(to_json(Response{Method::get_info, GetBalanceResult{5}}), std::invalid_argument);
}

// ---- transactions ----

TEST(Nip47Transactions, SettledFollowsTheStateElseTheSettlementTime) {
  Transaction t;
  t.payment_hash = "h";
  EXPECT_FALSE(t.settled());
  t.preimage = "known to the invoice's creator from the start";
  EXPECT_FALSE(t.settled());
  t.settled_at = kTime;  // an older wallet: no state, a settlement time
  EXPECT_TRUE(t.settled());
  t.state = TransactionState::pending;
  EXPECT_FALSE(t.settled());
  t.state = TransactionState::settled;
  EXPECT_TRUE(t.settled());
}

TEST(Nip47Transactions, UnknownStatesAreKeptAsUnknownAndNotSettled) {
  const auto t = transaction_from_json(json::parse(
      R"({"type":"incoming","state":"canceled","payment_hash":"h","amount":1000.0,"settled_at":1})"));
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(t->state, TransactionState::unknown);
  EXPECT_FALSE(t->settled());
  EXPECT_EQ(t->amount_msat, 1000u);  // an integer written as 1000.0
}

TEST(Nip47Transactions, TypePaymentHashAndAmountAreRequired) {
  for (const std::string_view text :
       {R"({"payment_hash":"h","amount":1})", R"({"type":"incoming","amount":1})",
        R"({"type":"incoming","payment_hash":"h"})",
        R"({"type":"sideways","payment_hash":"h","amount":1})",
        R"({"type":"incoming","payment_hash":"h","amount":1.5})",
        R"({"type":"incoming","payment_hash":"h","amount":1,"created_at":-5})"}) {
    SCOPED_TRACE(text);
    const auto t = transaction_from_json(json::parse(text));
    ASSERT_FALSE(t.has_value());
    EXPECT_EQ(t.error().code, ErrorCode::malformed_message);
  }
}

// ---- notifications ----

TEST(Nip47Notifications, PaymentReceivedAndSent) {
  const auto received = parse_notification(spec_json(std::string(kPaymentReceived)));
  ASSERT_TRUE(received.has_value()) << received.error().message;
  EXPECT_EQ(received->type, NotificationType::payment_received);
  EXPECT_EQ(received->transaction.type, TransactionType::incoming);
  EXPECT_TRUE(received->transaction.settled());
  EXPECT_EQ(received->transaction.settled_at, kTime);
  EXPECT_EQ(to_json(*received), spec_json(std::string(kPaymentReceived)));

  const auto sent = parse_notification(spec_json(std::string(kPaymentSent)));
  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  EXPECT_EQ(sent->type, NotificationType::payment_sent);
  EXPECT_EQ(sent->transaction.type, TransactionType::outgoing);
}

TEST(Nip47Notifications, OtherTypesAreUnknownMessages) {
  const auto hold = parse_notification(spec_json(std::string(kHoldInvoiceAccepted)));
  ASSERT_FALSE(hold.has_value());
  EXPECT_EQ(hold.error().code, ErrorCode::unknown_message);
}

// The section's schematic example has no type and no amount: a transaction
// object needs both, so it is refused rather than half read.
TEST(Nip47Notifications, TheSchematicExampleLacksTheTransactionFields) {
  const auto n = parse_notification(spec_json(std::string(kSchematicNotification)));
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error().code, ErrorCode::malformed_message);
}

}  // namespace
}  // namespace l402d::nostr::nip47
