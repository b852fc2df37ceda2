#include "lnsim/lnbits_api.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cmath>
#include <ctime>

#include "lnsim/pay_support.hpp"
#include "lnsim/url_form.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::int64_t kDefaultExpiry = 3600;  // lightning_invoice_expiry
constexpr std::size_t kMaxMemo = 640;
constexpr std::uint64_t kReserveMinMsat = 2000;  // lnbits_reserve_fee_min
constexpr auto kForever = std::chrono::steady_clock::time_point::max();
// Where the imaginary funding source's lnd would listen: LNbits reports its
// own failures to reach it with this.
constexpr std::string_view kFundingEndpoint = "https://127.0.0.1:8080";

Response detail(unsigned status, json::value detail_value) {
  json::object o;
  o["detail"] = std::move(detail_value);
  return make_response(status, "application/json", json::serialize(o));
}

// PaymentError and InvoiceError: 520 with the failure and the payment state.
Response payment_error(std::string message, std::string_view status = "failed") {
  json::object o;
  o["detail"] = std::move(message);
  o["status"] = status;
  return make_response(520, "application/json", json::serialize(o));
}

// Python's datetime.isoformat() for an aware UTC time, whole seconds.
std::string iso(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buf;
}

// pydantic's validation error list, which LNbits answers with 400.
Response validation_error(std::string_view field, std::string_view message, std::string_view type) {
  json::object e;
  json::array loc;
  loc.emplace_back("body");
  if (!field.empty()) loc.emplace_back(field);
  e["loc"] = std::move(loc);
  e["msg"] = message;
  e["type"] = type;
  json::array list;
  list.push_back(std::move(e));
  return detail(400, std::move(list));
}

std::uint64_t fee_reserve(std::uint64_t amount_msat) {
  return std::max<std::uint64_t>(kReserveMinMsat, amount_msat / 100);
}

}  // namespace

LnbitsApi::LnbitsApi(Ledger& ledger, const Node& node, LnbitsWallet wallet)
    : ledger_(ledger), node_(node), wallet_(std::move(wallet)) {}

namespace {

json::object payment_json(const std::string& wallet_id, const std::string& checking_id,
                          const Hash32& hash, std::int64_t amount_msat, std::int64_t fee_msat,
                          const std::string& bolt11, std::string_view status,
                          const std::string& memo, std::int64_t expiry_at,
                          std::optional<Hash32> preimage, std::int64_t created_at,
                          std::int64_t updated_at) {
  json::object o;
  o["checking_id"] = checking_id;
  o["payment_hash"] = to_hex(hash);
  o["wallet_id"] = wallet_id;
  o["amount"] = amount_msat;
  o["fee"] = fee_msat;
  o["bolt11"] = bolt11;
  o["payment_request"] = bolt11;
  o["fiat_provider"] = nullptr;
  o["status"] = status;
  o["memo"] = memo;
  o["expiry"] = iso(expiry_at);
  o["webhook"] = nullptr;
  o["webhook_status"] = nullptr;
  o["preimage"] = preimage ? json::value(to_hex(*preimage)) : json::value(nullptr);
  o["tag"] = nullptr;
  o["extension"] = nullptr;
  o["time"] = iso(created_at);
  o["created_at"] = iso(created_at);
  o["updated_at"] = iso(updated_at);
  o["labels"] = json::array();
  o["extra"] = json::object();
  return o;
}

// An invoice this wallet made: pending until paid; an lnd funding source
// reports an expired one as canceled, which LNbits records as failed.
json::object incoming_json(const std::string& wallet_id, const InvoiceRecord& inv,
                           std::int64_t now) {
  const InvoiceStatus status = inv.status(now);
  const std::string_view state = status == InvoiceStatus::settled   ? "success"
                                 : status == InvoiceStatus::expired ? "failed"
                                                                    : "pending";
  return payment_json(wallet_id, to_hex(inv.payment_hash), inv.payment_hash,
                      static_cast<std::int64_t>(inv.amount_msat.value_or(0)), 0, inv.bolt11, state,
                      inv.description, inv.expires_at(), inv.preimage, inv.created_at(),
                      status == InvoiceStatus::settled ? inv.settled_at() : inv.created_at());
}

json::object outgoing_json(const std::string& wallet_id, const PaymentRecord& p, bool internal,
                           std::string_view memo, std::int64_t expiry_at) {
  const bool ok = p.status == PaymentStatus::succeeded;
  const std::string checking =
      internal ? "internal_" + to_hex(p.payment_hash) : to_hex(p.payment_hash);
  return payment_json(
      wallet_id, checking, p.payment_hash, -static_cast<std::int64_t>(p.amount_msat),
      -static_cast<std::int64_t>(p.fee_msat), p.bolt11, ok ? "success" : "failed",
      std::string(memo), expiry_at, ok ? std::optional<Hash32>(p.preimage) : std::nullopt,
      p.created_at_ns / 1'000'000'000, p.completed_at_ns / 1'000'000'000);
}

}  // namespace

LnbitsApi::Key LnbitsApi::key_of(const Request& request) const {
  std::string key;
  if (auto h = request.find("X-Api-Key"); h != request.end()) {
    key = std::string(h->value());
  } else {
    const std::string_view target(request.target().data(), request.target().size());
    if (auto fields = parse_form(target_query(target)))
      key = form_value(*fields, "api-key").value_or("");
  }
  if (key.empty()) return Key::none;
  if (constant_time_equal(as_bytes(key), as_bytes(wallet_.admin_key))) return Key::admin;
  if (constant_time_equal(as_bytes(key), as_bytes(wallet_.invoice_key))) return Key::invoice;
  return Key::unknown;
}

asio::awaitable<Reply> LnbitsApi::handle(Request& request, CallContext& ctx) {
  const std::string_view target(request.target().data(), request.target().size());
  const std::string_view path = target_path(target);
  const bool get = request.method() == beast_http::verb::get;
  const bool post = request.method() == beast_http::verb::post;
  const Key key = key_of(request);
  const auto method_not_allowed = [] { return detail(405, "Method Not Allowed"); };

  if (path == "/api/v1/payments") {
    if (!post) co_return method_not_allowed();
    co_return create_or_pay(request, key);
  }
  if (auto hash = path_rest(path, "/api/v1/payments/");
      hash && !hash->empty() && hash->find('/') == std::string_view::npos) {
    if (!get) co_return method_not_allowed();
    co_return payment_status(*hash, key);
  }
  if (path == "/api/v1/wallet") {
    if (!get) co_return method_not_allowed();
    co_return wallet(key);
  }
  if (auto item = path_rest(path, "/api/v1/ws/"); item && !item->empty()) {
    auto decoded = percent_decode(*item, false);
    co_return websocket(decoded.value_or(std::string(*item)), ctx);
  }
  co_return detail(404, "Not Found");
}

Reply LnbitsApi::create_or_pay(const Request& request, Key key) {
  if (key == Key::none) return detail(401, "No Api Key provided.");
  if (key == Key::unknown) return detail(404, "Wallet not found.");
  boost::system::error_code ec;
  json::value parsed = json::parse(request.body(), ec);
  if (ec || !parsed.is_object()) {
    return validation_error("", "value is not a valid dict", "type_error.dict");
  }
  const json::object& body = parsed.as_object();
  bool out = true;  // CreateInvoice.out defaults to true
  if (const auto* v = body.if_contains("out"); v && !v->is_null()) {
    if (!v->is_bool())
      return validation_error("out", "value could not be parsed to a boolean", "type_error.bool");
    out = v->as_bool();
  }
  if (out && key == Key::admin) return pay_invoice(body);
  if (out) return detail(403, "Invoice (or Admin) key required.");
  return create_invoice(body);
}

Reply LnbitsApi::create_invoice(const json::object& body) {
  double amount = 0;
  if (const auto* v = body.if_contains("amount"); v && !v->is_null()) {
    if (v->is_double()) {
      amount = v->as_double();
    } else if (v->is_int64()) {
      amount = static_cast<double>(v->as_int64());
    } else if (v->is_uint64()) {
      amount = static_cast<double>(v->as_uint64());
    } else {
      return validation_error("amount", "value is not a valid float", "type_error.float");
    }
    if (amount < 0) {
      return validation_error("amount", "ensure this value is greater than or equal to 0",
                              "value_error.number.not_ge");
    }
  }
  std::string memo;
  if (const auto* v = body.if_contains("memo"); v && !v->is_null()) {
    if (!v->is_string()) return validation_error("memo", "str type expected", "type_error.str");
    memo = std::string(v->as_string());
    if (memo.size() > kMaxMemo) {
      return validation_error("memo", "ensure this value has at most 640 characters",
                              "value_error.any_str.max_length");
    }
  }
  if (const auto* v = body.if_contains("unit");
      v && !v->is_null() && !(v->is_string() && v->as_string() == "sat")) {
    return validation_error("unit", "lnsim: only the sat unit is simulated", "value_error");
  }
  std::int64_t expiry = kDefaultExpiry;
  if (const auto* v = body.if_contains("expiry"); v && !v->is_null()) {
    if (!v->is_int64() && !v->is_uint64()) {
      return validation_error("expiry", "value is not a valid integer", "type_error.integer");
    }
    expiry = v->is_int64() ? v->as_int64() : static_cast<std::int64_t>(v->as_uint64());
    if (expiry <= 0) expiry = kDefaultExpiry;  // `expiry or settings.lightning_invoice_expiry`
  }
  std::optional<Hash32> description_hash;
  for (const char* field : {"description_hash", "unhashed_description"}) {
    const auto* v = body.if_contains(field);
    if (v == nullptr || v->is_null()) continue;
    auto bytes = v->is_string() ? from_hex(v->as_string()) : std::nullopt;
    if (!bytes)
      return detail(400, json::value("'" + std::string(field) + "' must be a valid hex string"));
    if (std::string_view(field) == "description_hash") {
      if (bytes->size() != 32) return detail(400, "'description_hash' must be 32 bytes");
      Hash32 h{};
      std::copy(bytes->begin(), bytes->end(), h.begin());
      description_hash = h;
    } else {
      description_hash = sha256(*bytes);
    }
  }
  if (!(amount > 0)) return payment_error("Amountless invoices not supported.");
  if (memo.empty() && !description_hash) memo = "LNbits";
  if (description_hash) memo.clear();  // LNbits keeps no memo beside a hash

  InvoiceSpec spec;
  spec.amount_msat = static_cast<std::uint64_t>(std::floor(amount)) * 1000;
  if (*spec.amount_msat == 0) return payment_error("Amountless invoices not supported.");
  spec.description = memo;
  spec.description_hash = description_hash;
  spec.expiry_seconds = static_cast<std::uint64_t>(expiry);
  auto added = ledger_.add_invoice(node_.make_invoice(spec));
  if (!added) return payment_error("unexpected backend error.", "pending");
  return make_response(201, "application/json",
                       json::serialize(incoming_json(wallet_.id, *added, now_ms())));
}

Reply LnbitsApi::pay_invoice(const json::object& body) {
  const auto* bolt11_value = body.if_contains("bolt11");
  if (bolt11_value == nullptr || bolt11_value->is_null() ||
      (bolt11_value->is_string() && bolt11_value->as_string().empty())) {
    return detail(400, "Missing BOLT11 invoice");
  }
  if (!bolt11_value->is_string())
    return validation_error("bolt11", "str type expected", "type_error.str");
  auto read = read_invoice(bolt11_value->as_string());
  if (!read) return payment_error("Bolt11 decoding failed.");
  const bolt11::Invoice& inv = read->invoice;
  if (!inv.amount_msat || *inv.amount_msat == 0) {
    return payment_error("Amountless invoices not supported.");
  }
  const std::uint64_t amount = *inv.amount_msat;
  const std::string memo = inv.description.value_or("");
  const bool internal = inv.payee == node_.id();
  const auto earlier = ledger_.payments_for(NodeKind::lnbits, inv.payment_hash);
  const std::uint64_t balance = ledger_.balance(NodeKind::lnbits);

  if (internal) {
    // _pay_internal_invoice: settled straight in the database, no fee.
    auto own = ledger_.invoice(NodeKind::lnbits, inv.payment_hash);
    if (!own || own->state == InvoiceState::settled) {
      return payment_error("Internal invoice already paid.");
    }
    if (own->bolt11 != read->text) return payment_error("Invalid invoice. Bolt11 changed.");
    if (balance < amount) return payment_error("Insufficient balance.");
  } else {
    const std::uint64_t reserve = fee_reserve(amount);
    if (balance < amount) return payment_error("Insufficient balance.");
    if (balance < amount + reserve) {
      return payment_error("You must reserve at least (" +
                           std::to_string(static_cast<long long>(
                               std::llround(static_cast<double>(reserve) / 1000))) +
                           "  sat) to cover potential routing fees.");
    }
    for (const auto& p : earlier) {
      if (p.status == PaymentStatus::succeeded)
        return payment_error("Payment already paid.", "success");
    }
    if (!earlier.empty()) return payment_error("Payment is failed node, retrying is not possible.");
    // The funding source's lnd refuses these before sending; LNbits then only
    // sees an HTTP error from it.
    if (inv.network != node_.chain().network || invoice_expired(inv, now_ms())) {
      return payment_error("Payment failed: Unable to connect to " + std::string(kFundingEndpoint) +
                           ".");
    }
  }

  const std::optional<std::uint64_t> fee_limit =
      internal ? std::nullopt : std::optional<std::uint64_t>(fee_reserve(amount));
  const PayResult result =
      ledger_.pay(pay_request(NodeKind::lnbits, *read, amount, fee_limit, internal));
  if (result.kind == PayResult::Kind::already_paid) {
    return payment_error("Payment already paid.", "success");
  }
  if (result.kind != PayResult::Kind::paid) {
    if (internal) return payment_error("Internal invoice already paid.");
    return payment_error("Payment failed: " +
                         std::string(result.payment.failure == PaymentFailure::insufficient_balance
                                         ? "FAILURE_REASON_INSUFFICIENT_BALANCE"
                                     : result.payment.failure == PaymentFailure::rejected
                                         ? "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS"
                                         : "FAILURE_REASON_NO_ROUTE"));
  }
  return make_response(201, "application/json",
                       json::serialize(outgoing_json(wallet_.id, result.payment, internal, memo,
                                                     invoice_expires_at(inv))));
}

Reply LnbitsApi::payment_status(std::string_view hash_text, Key key) const {
  const bool owner = key == Key::invoice || key == Key::admin;
  auto hash = from_hex_array<32>(hash_text);
  std::optional<json::object> details;
  std::string_view state;
  std::optional<Hash32> preimage;
  const std::int64_t now = now_ms();
  if (hash) {
    if (auto inv = ledger_.invoice(NodeKind::lnbits, *hash)) {
      details = incoming_json(wallet_.id, *inv, now);
      state = (*details)["status"].as_string();
      preimage = inv->preimage;
    } else {
      const auto payments = ledger_.payments_for(NodeKind::lnbits, *hash);
      if (!payments.empty()) {
        const PaymentRecord* chosen = &payments.back();
        for (const auto& p : payments) {
          if (p.status == PaymentStatus::succeeded) chosen = &p;
        }
        const bool internal = chosen->destination == node_.id();
        details = outgoing_json(wallet_.id, *chosen, internal, "", 0);
        state = (*details)["status"].as_string();
        if (chosen->status == PaymentStatus::succeeded) preimage = chosen->preimage;
      }
    }
  }
  if (!details) return detail(404, "Payment does not exist.");
  json::object o;
  if (state == "success") {
    o["paid"] = true;
    o["preimage"] = to_hex(*preimage);
  } else if (state == "failed") {
    o["paid"] = false;
    o["status"] = "failed";
  } else if (owner) {
    o["paid"] = false;
    o["status"] = "pending";
    o["preimage"] = preimage ? json::value(to_hex(*preimage)) : json::value(nullptr);
  } else {
    o["paid"] = false;
    o["preimage"] = preimage ? json::value(to_hex(*preimage)) : json::value(nullptr);
  }
  if (owner) o["details"] = std::move(*details);
  return make_response(200, "application/json", json::serialize(o));
}

Reply LnbitsApi::wallet(Key key) const {
  if (key == Key::none) return detail(401, "No Api Key provided.");
  if (key == Key::unknown) return detail(404, "Wallet not found.");
  json::object o;
  o["name"] = wallet_.name;
  o["balance"] = ledger_.balance(NodeKind::lnbits);
  if (key == Key::admin) o["id"] = wallet_.id;
  return make_response(200, "application/json", json::serialize(o));
}

Reply LnbitsApi::websocket(std::string item, CallContext& ctx) {
  const bool wallet_item = constant_time_equal(as_bytes(item), as_bytes(wallet_.invoice_key)) ||
                           constant_time_equal(as_bytes(item), as_bytes(wallet_.admin_key));
  auto queue = std::make_shared<EventQueue>(ctx.executor, NodeKind::lnbits,
                                            static_cast<unsigned>(EventKind::invoice_settled) |
                                                static_cast<unsigned>(EventKind::payment_done));
  ledger_.subscribe(queue);
  WebSocketSession session;
  session.run = [this, queue, &ctx, wallet_item,
                 item = std::move(item)](WebSocketSender& out) -> asio::awaitable<void> {
    for (;;) {
      auto event = co_await queue->next(kForever, ctx.stop, *ctx.stopped);
      if (!event) co_return;
      std::optional<json::object> payment;
      Hash32 hash{};
      if (event->invoice) {
        payment = incoming_json(wallet_.id, *event->invoice, now_ms());
        hash = event->invoice->payment_hash;
      } else if (event->payment && event->payment->status == PaymentStatus::succeeded) {
        const bool internal = event->payment->destination == node_.id();
        payment = outgoing_json(wallet_.id, *event->payment, internal, "", 0);
        hash = event->payment->payment_hash;
      }
      if (!payment) continue;
      json::object message;
      if (wallet_item) {
        message["wallet_balance"] = event->balance_msat / 1000;
        message["payment"] = std::move(*payment);
      } else if (item == to_hex(hash)) {
        message["pending"] = false;
        message["status"] = "success";
      } else {
        continue;
      }
      const std::string text = json::serialize(message);
      if (!co_await out.send(text)) co_return;
    }
  };
  return session;
}

}  // namespace l402d::lnsim
