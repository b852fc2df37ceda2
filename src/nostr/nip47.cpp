#include "nostr/nip47.hpp"

#include <array>
#include <limits>
#include <stdexcept>
#include <utility>

#include "nostr/json_read.hpp"

namespace l402d::nostr::nip47 {

namespace json = boost::json;

namespace {

json::string_view jv(std::string_view s) {
  return {s.data(), s.size()};
}

Unexpected<Error> malformed(std::string message) {
  return unexpected(Error{ErrorCode::malformed_message, "nip47 " + std::move(message)});
}

// Reads the fields of one object, keeping the first problem it meets; absent,
// null and (for optional text) empty all mean "not given".
class Reader {
 public:
  Reader(const json::object& object, std::string_view what) : o_(object), what_(what) {}

  std::optional<std::string> text(std::string_view key, bool required = false) {
    const json::value* v = detail::field(o_, key);
    if (v != nullptr && !v->is_string()) return complain(key, "is not a string");
    if (v == nullptr || v->get_string().empty()) {
      if (required) complain(key, "is missing or empty");
      return std::nullopt;
    }
    return std::string(v->get_string());
  }

  std::optional<std::uint64_t> u64(std::string_view key, bool required = false) {
    const json::value* v = detail::field(o_, key);
    if (v == nullptr) {
      if (required) complain(key, "is missing");
      return std::nullopt;
    }
    const auto n = detail::as_u64(*v);
    if (!n) complain(key, "is not a non-negative integer");
    return n;
  }

  std::optional<std::int64_t> time(std::string_view key) {
    const auto n = u64(key);
    if (n && *n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      complain(key, "is not a unix time");
      return std::nullopt;
    }
    return n ? std::optional<std::int64_t>(static_cast<std::int64_t>(*n)) : std::nullopt;
  }

  std::optional<json::object> object(std::string_view key) {
    const json::value* v = detail::field(o_, key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_object()) return complain(key, "is not an object");
    return v->get_object();
  }

  std::vector<std::string> strings(std::string_view key) {
    std::vector<std::string> out;
    const json::value* v = detail::field(o_, key);
    if (v == nullptr) return out;
    if (!v->is_array()) {
      complain(key, "is not an array");
      return out;
    }
    for (const json::value& s : v->get_array()) {
      if (!s.is_string()) {
        complain(key, "holds something other than strings");
        return {};
      }
      out.emplace_back(s.get_string());
    }
    return out;
  }

  bool ok() const { return !error_.has_value(); }
  Unexpected<Error> error() const { return unexpected(*error_); }

 private:
  std::nullopt_t complain(std::string_view key, std::string_view problem) {
    if (!error_) {
      error_ = Error{ErrorCode::malformed_message,
                     "nip47 " + what_ + ": \"" + std::string(key) + "\" " + std::string(problem)};
    }
    return std::nullopt;
  }

  const json::object& o_;
  std::string what_;
  std::optional<Error> error_;
};

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, std::string_view>, N>& table,
                           std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
  for (const auto& [value, text] : table) {
    if (value == e) return text;
  }
  return "";
}

constexpr std::array<std::pair<Method, std::string_view>, 5> kMethods{{
    {Method::pay_invoice, "pay_invoice"},
    {Method::make_invoice, "make_invoice"},
    {Method::lookup_invoice, "lookup_invoice"},
    {Method::get_balance, "get_balance"},
    {Method::get_info, "get_info"},
}};

constexpr std::array<std::pair<TransactionType, std::string_view>, 2> kTypes{{
    {TransactionType::incoming, "incoming"},
    {TransactionType::outgoing, "outgoing"},
}};

constexpr std::array<std::pair<TransactionState, std::string_view>, 5> kStates{{
    {TransactionState::pending, "pending"},
    {TransactionState::settled, "settled"},
    {TransactionState::accepted, "accepted"},
    {TransactionState::expired, "expired"},
    {TransactionState::failed, "failed"},
}};

constexpr std::array<std::pair<WalletErrorCode, std::string_view>, 11> kWalletErrors{{
    {WalletErrorCode::rate_limited, "RATE_LIMITED"},
    {WalletErrorCode::not_implemented, "NOT_IMPLEMENTED"},
    {WalletErrorCode::insufficient_balance, "INSUFFICIENT_BALANCE"},
    {WalletErrorCode::quota_exceeded, "QUOTA_EXCEEDED"},
    {WalletErrorCode::restricted, "RESTRICTED"},
    {WalletErrorCode::unauthorized, "UNAUTHORIZED"},
    {WalletErrorCode::internal, "INTERNAL"},
    {WalletErrorCode::unsupported_encryption, "UNSUPPORTED_ENCRYPTION"},
    {WalletErrorCode::other, "OTHER"},
    {WalletErrorCode::payment_failed, "PAYMENT_FAILED"},
    {WalletErrorCode::not_found, "NOT_FOUND"},
}};

constexpr std::array<std::pair<NotificationType, std::string_view>, 2> kNotifications{{
    {NotificationType::payment_received, "payment_received"},
    {NotificationType::payment_sent, "payment_sent"},
}};

void put(json::object& o, std::string_view key, const std::optional<std::string>& v) {
  if (v) o[key] = jv(*v);
}
template <class Int>
void put(json::object& o, std::string_view key, const std::optional<Int>& v) {
  if (v) o[key] = *v;
}
void put(json::object& o, std::string_view key, const std::optional<json::object>& v) {
  if (v) o[key] = *v;
}

json::array string_array(const std::vector<std::string>& list) {
  json::array a;
  for (const std::string& s : list)
    a.emplace_back(jv(s));
  return a;
}

// ---- requests ----

json::object params_of(const PayInvoiceRequest& r) {
  json::object p{{"invoice", jv(r.invoice)}};
  put(p, "amount", r.amount_msat);
  put(p, "metadata", r.metadata);
  return p;
}

json::object params_of(const MakeInvoiceRequest& r) {
  json::object p{{"amount", r.amount_msat}};
  put(p, "description", r.description);
  put(p, "description_hash", r.description_hash);
  put(p, "expiry", r.expiry_seconds);
  put(p, "metadata", r.metadata);
  return p;
}

json::object params_of(const LookupInvoiceRequest& r) {
  if (!r.payment_hash && !r.invoice) {
    throw std::invalid_argument("nip47 lookup_invoice needs a payment hash or an invoice");
  }
  json::object p;
  put(p, "payment_hash", r.payment_hash);
  put(p, "invoice", r.invoice);
  return p;
}

json::object params_of(const GetBalanceRequest&) {
  return {};
}
json::object params_of(const GetInfoRequest&) {
  return {};
}

Expected<Request, Error> read_params(Method method, const json::object& params) {
  Reader r(params, std::string(to_string(method)) + " params");
  Request out;
  switch (method) {
    case Method::pay_invoice: {
      PayInvoiceRequest req;
      req.invoice = r.text("invoice", true).value_or("");
      req.amount_msat = r.u64("amount");
      req.metadata = r.object("metadata");
      out = std::move(req);
      break;
    }
    case Method::make_invoice: {
      MakeInvoiceRequest req;
      req.amount_msat = r.u64("amount", true).value_or(0);
      req.description = r.text("description");
      req.description_hash = r.text("description_hash");
      req.expiry_seconds = r.u64("expiry");
      req.metadata = r.object("metadata");
      out = std::move(req);
      break;
    }
    case Method::lookup_invoice: {
      LookupInvoiceRequest req;
      req.payment_hash = r.text("payment_hash");
      req.invoice = r.text("invoice");
      if (r.ok() && !req.payment_hash && !req.invoice) {
        return malformed("lookup_invoice params: neither \"payment_hash\" nor \"invoice\"");
      }
      out = std::move(req);
      break;
    }
    case Method::get_balance:
      out = GetBalanceRequest{};
      break;
    case Method::get_info:
      out = GetInfoRequest{};
      break;
  }
  if (!r.ok()) return r.error();
  return out;
}

// ---- results ----

json::object result_of(const PayInvoiceResult& r) {
  json::object o{{"preimage", jv(r.preimage)}};
  put(o, "fees_paid", r.fees_paid_msat);
  return o;
}
json::object result_of(const MakeInvoiceResult& r) {
  return to_json(r.transaction).get_object();
}
json::object result_of(const LookupInvoiceResult& r) {
  return to_json(r.transaction).get_object();
}
json::object result_of(const GetBalanceResult& r) {
  return {{"balance", r.balance_msat}};
}
json::object result_of(const GetInfoResult& r) {
  json::object o;
  put(o, "alias", r.alias);
  put(o, "color", r.color);
  put(o, "pubkey", r.pubkey);
  put(o, "network", r.network);
  put(o, "block_height", r.block_height);
  put(o, "block_hash", r.block_hash);
  o["methods"] = string_array(r.methods);
  if (!r.notifications.empty()) o["notifications"] = string_array(r.notifications);
  return o;
}

Method method_of_result(const PayInvoiceResult&) {
  return Method::pay_invoice;
}
Method method_of_result(const MakeInvoiceResult&) {
  return Method::make_invoice;
}
Method method_of_result(const LookupInvoiceResult&) {
  return Method::lookup_invoice;
}
Method method_of_result(const GetBalanceResult&) {
  return Method::get_balance;
}
Method method_of_result(const GetInfoResult&) {
  return Method::get_info;
}

Expected<Outcome, Error> read_result(Method method, const json::object& result) {
  switch (method) {
    case Method::pay_invoice: {
      Reader r(result, "pay_invoice result");
      PayInvoiceResult out{r.text("preimage", true).value_or(""), r.u64("fees_paid")};
      if (!r.ok()) return r.error();
      return Outcome(std::move(out));
    }
    case Method::make_invoice:
    case Method::lookup_invoice: {
      auto tx = transaction_from_json(result);
      if (!tx) return unexpected(tx.error());
      if (method == Method::make_invoice) return Outcome(MakeInvoiceResult{*std::move(tx)});
      return Outcome(LookupInvoiceResult{*std::move(tx)});
    }
    case Method::get_balance: {
      Reader r(result, "get_balance result");
      GetBalanceResult out{r.u64("balance", true).value_or(0)};
      if (!r.ok()) return r.error();
      return Outcome(out);
    }
    case Method::get_info: {
      Reader r(result, "get_info result");
      GetInfoResult out{r.text("alias"),      r.text("color"),           r.text("pubkey"),
                        r.text("network"),    r.u64("block_height"),     r.text("block_hash"),
                        r.strings("methods"), r.strings("notifications")};
      if (!r.ok()) return r.error();
      return Outcome(std::move(out));
    }
  }
  return malformed("result of an unknown method");
}

}  // namespace

std::string_view to_string(Method method) {
  return name_of(kMethods, method);
}

std::optional<Method> method_from_string(std::string_view name) {
  return lookup(kMethods, name);
}

std::string_view to_string(TransactionType type) {
  return name_of(kTypes, type);
}

std::string_view to_string(TransactionState state) {
  return state == TransactionState::unknown ? "unknown" : name_of(kStates, state);
}

std::string_view to_string(NotificationType type) {
  return name_of(kNotifications, type);
}

WalletErrorCode wallet_error_code(std::string_view text) {
  return lookup(kWalletErrors, text).value_or(WalletErrorCode::unknown);
}

Method method_of(const Request& request) {
  return std::visit([](const auto& r) { return std::decay_t<decltype(r)>::kMethod; }, request);
}

json::value to_json(const Request& request) {
  return json::object{
      {"method", jv(to_string(method_of(request)))},
      {"params", std::visit([](const auto& r) { return params_of(r); }, request)},
  };
}

Expected<Request, Error> parse_request(const json::value& value) {
  if (!value.is_object()) return malformed("request: not a JSON object");
  Reader r(value.get_object(), "request");
  const auto name = r.text("method", true);
  const auto params = r.object("params");
  if (!r.ok()) return r.error();
  const auto method = method_from_string(*name);
  if (!method) {
    return unexpected(Error{ErrorCode::unknown_message, "nip47 request: method not handled here"});
  }
  return read_params(*method, params.value_or(json::object{}));
}

bool Transaction::settled() const {
  if (state) return *state == TransactionState::settled;
  return settled_at.has_value() && *settled_at > 0;
}

json::value to_json(const Transaction& t) {
  json::object o{{"type", jv(to_string(t.type))}};
  if (t.state && *t.state != TransactionState::unknown) o["state"] = jv(to_string(*t.state));
  put(o, "invoice", t.invoice);
  put(o, "description", t.description);
  put(o, "description_hash", t.description_hash);
  put(o, "preimage", t.preimage);
  o["payment_hash"] = jv(t.payment_hash);
  o["amount"] = t.amount_msat;
  put(o, "fees_paid", t.fees_paid_msat);
  put(o, "created_at", t.created_at);
  put(o, "expires_at", t.expires_at);
  put(o, "settled_at", t.settled_at);
  put(o, "metadata", t.metadata);
  return o;
}

Expected<Transaction, Error> transaction_from_json(const json::value& value) {
  if (!value.is_object()) return malformed("transaction: not a JSON object");
  Reader r(value.get_object(), "transaction");
  Transaction t;
  const auto type = r.text("type", true);
  if (type) {
    const auto parsed = lookup(kTypes, *type);
    if (!parsed) return malformed("transaction: \"type\" is neither incoming nor outgoing");
    t.type = *parsed;
  }
  if (const auto state = r.text("state")) {
    t.state = lookup(kStates, *state).value_or(TransactionState::unknown);
  }
  t.invoice = r.text("invoice");
  t.description = r.text("description");
  t.description_hash = r.text("description_hash");
  t.preimage = r.text("preimage");
  t.payment_hash = r.text("payment_hash", true).value_or("");
  t.amount_msat = r.u64("amount", true).value_or(0);
  t.fees_paid_msat = r.u64("fees_paid");
  t.created_at = r.time("created_at");
  t.expires_at = r.time("expires_at");
  t.settled_at = r.time("settled_at");
  t.metadata = r.object("metadata");
  if (!r.ok()) return r.error();
  return t;
}

json::value to_json(const Response& response) {
  json::object o{{"result_type", jv(to_string(response.method))}};
  if (const auto* error = std::get_if<WalletError>(&response.outcome)) {
    const std::string_view code =
        error->code_text.empty() ? name_of(kWalletErrors, error->code) : error->code_text;
    o["error"] = json::object{{"code", jv(code)}, {"message", jv(error->message)}};
    o["result"] = nullptr;
    return o;
  }
  std::visit(
      [&](const auto& result) {
        if constexpr (!std::is_same_v<std::decay_t<decltype(result)>, WalletError>) {
          if (method_of_result(result) != response.method) {
            throw std::invalid_argument("nip47 response: result of another method");
          }
          o["error"] = nullptr;
          o["result"] = result_of(result);
        }
      },
      response.outcome);
  return o;
}

Expected<Response, Error> parse_response(const json::value& value, Method expected) {
  if (!value.is_object()) return malformed("response: not a JSON object");
  Reader r(value.get_object(), "response");
  const auto result_type = r.text("result_type");
  const auto error = r.object("error");
  if (!r.ok()) return r.error();
  if (error) {
    // An error answers the request whatever result_type says: the envelope
    // (e tag, signature) already tied it to the request.
    Reader e(*error, "error");
    WalletError out;
    out.code_text = e.text("code").value_or("");
    out.message = e.text("message").value_or("");
    if (!e.ok()) return e.error();
    out.code = out.code_text.empty() ? WalletErrorCode::other : wallet_error_code(out.code_text);
    return Response{expected, std::move(out)};
  }
  if (result_type != to_string(expected)) {
    return malformed("response: \"result_type\" is not \"" + std::string(to_string(expected)) +
                     "\", the method asked");
  }
  const auto result = r.object("result");
  if (!r.ok()) return r.error();
  if (!result) return malformed("response: neither \"error\" nor \"result\"");
  auto outcome = read_result(expected, *result);
  if (!outcome) return unexpected(outcome.error());
  return Response{expected, *std::move(outcome)};
}

json::value to_json(const Notification& notification) {
  return json::object{
      {"notification_type", jv(to_string(notification.type))},
      {"notification", to_json(notification.transaction)},
  };
}

Expected<Notification, Error> parse_notification(const json::value& value) {
  if (!value.is_object()) return malformed("notification: not a JSON object");
  Reader r(value.get_object(), "notification");
  const auto type_name = r.text("notification_type", true);
  const auto body = r.object("notification");
  if (!r.ok()) return r.error();
  const auto type = lookup(kNotifications, *type_name);
  if (!type) {
    return unexpected(
        Error{ErrorCode::unknown_message, "nip47 notification: type not handled here"});
  }
  if (!body) return malformed("notification: \"notification\" is missing");
  auto tx = transaction_from_json(*body);
  if (!tx) return unexpected(tx.error());
  return Notification{*type, *std::move(tx)};
}

}  // namespace l402d::nostr::nip47
