#pragma once

// NIP-47 (Nostr Wallet Connect) payloads: the JSON inside the encrypted
// content of requests, responses and notifications (nostr-protocol/nips 47.md
// at db5fe3de). The methods l402d uses are typed; amounts are millisatoshis,
// times unix seconds. Encryption and event envelopes: nip47_events.hpp.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "nostr/error.hpp"
#include "util/expected.hpp"

namespace l402d::nostr::nip47 {

enum class Method { pay_invoice, make_invoice, lookup_invoice, get_balance, get_info };
std::string_view to_string(Method method);
std::optional<Method> method_from_string(std::string_view name);

// ---- requests ({"method": ..., "params": {...}}) ----

struct PayInvoiceRequest {
  static constexpr Method kMethod = Method::pay_invoice;
  std::string invoice;                       // BOLT11
  std::optional<std::uint64_t> amount_msat;  // for invoices without an amount
  std::optional<boost::json::object> metadata;
};

struct MakeInvoiceRequest {
  static constexpr Method kMethod = Method::make_invoice;
  std::uint64_t amount_msat = 0;
  std::optional<std::string> description;
  std::optional<std::string> description_hash;  // hex
  std::optional<std::uint64_t> expiry_seconds;
  std::optional<boost::json::object> metadata;
};

struct LookupInvoiceRequest {
  static constexpr Method kMethod = Method::lookup_invoice;
  // At least one of the two.
  std::optional<std::string> payment_hash;  // hex
  std::optional<std::string> invoice;
};

struct GetBalanceRequest {
  static constexpr Method kMethod = Method::get_balance;
};

struct GetInfoRequest {
  static constexpr Method kMethod = Method::get_info;
};

using Request = std::variant<PayInvoiceRequest, MakeInvoiceRequest, LookupInvoiceRequest,
                             GetBalanceRequest, GetInfoRequest>;

Method method_of(const Request& request);
// Throws std::invalid_argument for a lookup with neither hash nor invoice.
boost::json::value to_json(const Request& request);
// The wallet's side: malformed_message for a wrong shape, unknown_message for
// a method not typed here.
Expected<Request, Error> parse_request(const boost::json::value& value);

// ---- the transaction object (make_invoice, lookup_invoice, notifications) ----

enum class TransactionType { incoming, outgoing };
// `unknown`: a state 47.md does not list (yet); treat it as not settled.
enum class TransactionState { pending, settled, accepted, expired, failed, unknown };
std::string_view to_string(TransactionType type);
std::string_view to_string(TransactionState state);

struct Transaction {
  TransactionType type = TransactionType::incoming;
  std::optional<TransactionState> state;  // absent in wallets older than mid-2025
  std::optional<std::string> invoice;
  std::optional<std::string> description;
  std::optional<std::string> description_hash;
  std::optional<std::string> preimage;  // hex; a secret until the invoice is paid
  std::string payment_hash;             // hex
  std::uint64_t amount_msat = 0;
  std::optional<std::uint64_t> fees_paid_msat;
  std::optional<std::int64_t> created_at;
  std::optional<std::int64_t> expires_at;
  std::optional<std::int64_t> settled_at;
  std::optional<boost::json::object> metadata;

  // `state` when the wallet reports one; otherwise, as older wallets signal
  // it, a `settled_at`. Not the preimage: an invoice's creator knows it before
  // anyone pays.
  bool settled() const;
};

boost::json::value to_json(const Transaction& transaction);
Expected<Transaction, Error> transaction_from_json(const boost::json::value& value);

// ---- responses ({"result_type": ..., "error": {...} | null, "result": {...} | null}) ----

struct PayInvoiceResult {
  std::string preimage;  // hex
  std::optional<std::uint64_t> fees_paid_msat;
};
struct MakeInvoiceResult {
  Transaction transaction;
};
struct LookupInvoiceResult {
  Transaction transaction;
};
struct GetBalanceResult {
  std::uint64_t balance_msat = 0;
};
struct GetInfoResult {
  std::optional<std::string> alias;
  std::optional<std::string> color;
  std::optional<std::string> pubkey;
  std::optional<std::string> network;  // mainnet, testnet, signet or regtest
  std::optional<std::uint64_t> block_height;
  std::optional<std::string> block_hash;
  std::vector<std::string> methods;
  std::vector<std::string> notifications;
};

enum class WalletErrorCode {
  rate_limited,
  not_implemented,
  insufficient_balance,
  quota_exceeded,
  restricted,
  unauthorized,
  internal,
  unsupported_encryption,
  other,
  payment_failed,  // pay_invoice, pay_keysend
  not_found,       // lookup_invoice
  unknown,         // a code 47.md does not list: see WalletError::code_text
};

// The wallet's refusal, as it sent it.
struct WalletError {
  WalletErrorCode code = WalletErrorCode::other;
  std::string code_text;  // the code as written, e.g. "PAYMENT_FAILED"
  std::string message;    // the wallet's words, for a person
};
WalletErrorCode wallet_error_code(std::string_view text);

using Outcome = std::variant<WalletError, PayInvoiceResult, MakeInvoiceResult, LookupInvoiceResult,
                             GetBalanceResult, GetInfoResult>;

struct Response {
  Method method;
  Outcome outcome;
};

// Throws std::invalid_argument when the outcome's result is not `method`'s.
boost::json::value to_json(const Response& response);
// The client's side: `result_type` must be `expected` (47.md: it MUST name the
// method), a non-null `error` wins over any result, and the result must have
// the shape of `expected`'s.
Expected<Response, Error> parse_response(const boost::json::value& value, Method expected);

// ---- notifications ({"notification_type": ..., "notification": {...}}) ----

enum class NotificationType { payment_received, payment_sent };
std::string_view to_string(NotificationType type);

struct Notification {
  NotificationType type;
  Transaction transaction;
};

boost::json::value to_json(const Notification& notification);
// unknown_message for a notification type not typed here (hold_invoice_accepted, ...).
Expected<Notification, Error> parse_notification(const boost::json::value& value);

}  // namespace l402d::nostr::nip47
