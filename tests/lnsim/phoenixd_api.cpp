#include "lnsim/phoenixd_api.hpp"

#include <boost/json/object.hpp>
#include <chrono>

#include "lnsim/kotlin_json.hpp"
#include "lnsim/pay_support.hpp"
#include "lnsim/url_form.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kVersion = "0.8.0";
constexpr std::size_t kMaxDescription = 128;
constexpr std::uint64_t kDefaultExpiry = 3600;
constexpr std::uint64_t kInboundLiquiditySat = 2'000'000;
constexpr auto kForever = std::chrono::steady_clock::time_point::max();

Response text(unsigned status, std::string body) {
  return make_response(status, "text/plain; charset=UTF-8", std::move(body));
}

Response unauthorized() {
  Response r = text(401,
                    "Invalid authentication (use basic auth with the http password set in "
                    "phoenix.conf)");
  r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"Ktor Server\", charset=UTF-8");
  return r;
}

Response pretty(const json::object& o) {
  return make_response(200, "application/json", kotlin_pretty_json(o));
}

// Ktor's MissingRequestParameterException and ParameterConversionException.
Response missing(std::string_view name) {
  return text(400, "Request parameter " + std::string(name) + " is missing");
}
Response unconvertible(std::string_view name, std::string_view type) {
  return text(400, "Request parameter " + std::string(name) + " couldn't be parsed/converted to " +
                       std::string(type));
}

std::optional<std::int64_t> to_long(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::size_t used = 0;
  try {
    const long long v = std::stoll(s, &used);
    if (used != s.size()) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Kotlin counts UTF-16 units; code points are as close as UTF-8 input allows.
std::size_t text_length(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;
  }
  return n;
}

json::object incoming_json(const InvoiceRecord& inv, std::int64_t now) {
  const bool paid = inv.state == InvoiceState::settled;
  json::object o;
  o["type"] = "incoming_payment";
  o["subType"] = "lightning";
  o["paymentHash"] = to_hex(inv.payment_hash);
  o["preimage"] = to_hex(inv.preimage);  // phoenixd shows it before payment too
  if (!inv.external_id.empty()) o["externalId"] = inv.external_id;
  if (!inv.description_hash) o["description"] = inv.description;
  o["invoice"] = inv.bolt11;
  o["isPaid"] = paid;
  o["isExpired"] = now >= inv.expires_at_ms;
  if (inv.amount_msat) o["requestedSat"] = *inv.amount_msat / 1000;
  o["receivedSat"] = inv.amount_paid_msat / 1000;
  o["fees"] = 0;
  o["expiresAt"] = inv.expires_at_ms;
  if (paid) o["completedAt"] = inv.settled_at_ms;
  o["createdAt"] = inv.created_at_ms;
  return o;
}

json::object outgoing_json(const PaymentRecord& p) {
  const bool paid = p.status == PaymentStatus::succeeded;
  json::object o;
  o["type"] = "outgoing_payment";
  o["subType"] = "lightning";
  o["paymentId"] = p.uuid;
  o["paymentHash"] = to_hex(p.payment_hash);
  if (paid) o["preimage"] = to_hex(p.preimage);
  o["isPaid"] = paid;
  o["sent"] = (p.amount_msat + p.fee_msat) / 1000;
  o["fees"] = p.fee_msat;
  o["invoice"] = p.bolt11;
  o["completedAt"] = p.completed_at_ns / 1'000'000;
  o["createdAt"] = p.created_at_ns / 1'000'000;
  return o;
}

// lightning-kmp's explanations for a payment that was not sent.
std::string_view failure_reason(PaymentFailure failure) {
  switch (failure) {
    case PaymentFailure::insufficient_balance:
      return "not enough funds in wallet to afford payment";
    case PaymentFailure::no_route:
    case PaymentFailure::fee_limit:
      return "recipient node is offline or unreachable";
    case PaymentFailure::rejected:
    case PaymentFailure::self_payment:
    case PaymentFailure::none:
      break;
  }
  return "recipient node rejected the payment";
}

}  // namespace

PhoenixdApi::PhoenixdApi(Ledger& ledger, const Node& node, PhoenixdPasswords passwords)
    : ledger_(ledger), node_(node), passwords_(std::move(passwords)) {}

PhoenixdApi::Access PhoenixdApi::access_of(const Request& request) const {
  const auto h = request.find(beast_http::field::authorization);
  if (h == request.end()) return Access::none;
  const std::string_view value(h->value().data(), h->value().size());
  if (!value.starts_with("Basic ") && !value.starts_with("basic ")) return Access::none;
  auto decoded = base64_decode(value.substr(6));
  if (!decoded) return Access::none;
  const std::string_view credentials = as_chars(*decoded);
  const auto colon = credentials.find(':');
  if (colon == std::string_view::npos) return Access::none;
  const std::string_view password = credentials.substr(colon + 1);
  // phoenixd validates the password only: any user name is accepted.
  if (constant_time_equal(as_bytes(password), as_bytes(passwords_.full_access)))
    return Access::full;
  if (constant_time_equal(as_bytes(password), as_bytes(passwords_.limited_access))) {
    return Access::limited;
  }
  return Access::none;
}

asio::awaitable<Reply> PhoenixdApi::handle(Request& request, CallContext& ctx) {
  const std::string_view target(request.target().data(), request.target().size());
  const std::string_view path = target_path(target);
  const bool get = request.method() == beast_http::verb::get;
  const bool post = request.method() == beast_http::verb::post;

  enum class Verb { kGet, kPost };
  struct Route {
    bool found;
    Verb verb;
  };
  const auto rest = [&](std::string_view prefix) {
    auto r = path_rest(path, prefix);
    return r && !r->empty() && r->find('/') == std::string_view::npos ? r : std::nullopt;
  };
  const Route route = [&]() -> Route {
    if (path == "/getinfo" || path == "/getbalance" || path == "/websocket")
      return {true, Verb::kGet};
    if (path == "/createinvoice" || path == "/payinvoice") return {true, Verb::kPost};
    if (rest("/payments/incoming/") || rest("/payments/outgoing/") ||
        rest("/payments/outgoingbyhash/")) {
      return {true, Verb::kGet};
    }
    return {false, Verb::kGet};
  }();
  if (!route.found) co_return text(404, "Unknown endpoint (check api doc)");
  if ((route.verb == Verb::kGet && !get) || (route.verb == Verb::kPost && !post)) {
    co_return text(405, "Invalid http method (use the correct GET/POST)");
  }
  const Access access = access_of(request);
  if (access == Access::none) co_return unauthorized();

  if (path == "/getinfo") co_return get_info();
  if (path == "/getbalance") co_return get_balance();
  if (path == "/websocket") co_return websocket(ctx);
  if (path == "/createinvoice") co_return create_invoice(request);
  if (path == "/payinvoice") {
    if (access != Access::full) co_return unauthorized();
    co_return pay_invoice(request);
  }
  if (auto hash = rest("/payments/incoming/")) co_return incoming_payment(*hash);
  if (auto hash = rest("/payments/outgoingbyhash/")) co_return outgoing_payment(*hash, true);
  co_return outgoing_payment(*rest("/payments/outgoing/"), false);
}

Reply PhoenixdApi::get_info() const {
  const std::uint64_t balance_sat = ledger_.balance(NodeKind::phoenixd) / 1000;
  json::object channel;
  channel["state"] = "Normal";
  channel["channelId"] = to_hex(sha256("lnsim channel of phoenixd"));
  channel["balanceSat"] = balance_sat;
  channel["inboundLiquiditySat"] = kInboundLiquiditySat;
  channel["capacitySat"] = balance_sat + kInboundLiquiditySat;
  channel["fundingTxId"] = to_hex(sha256("lnsim funding of phoenixd"));
  json::array channels;
  channels.push_back(std::move(channel));
  json::object o;
  o["nodeId"] = node_.id_hex();
  o["channels"] = std::move(channels);
  o["chain"] = node_.chain().phoenixd_chain();
  o["blockHeight"] = node_.chain().block_height();
  o["version"] = kVersion;
  return pretty(o);
}

Reply PhoenixdApi::get_balance() const {
  json::object o;
  o["balanceSat"] = ledger_.balance(NodeKind::phoenixd) / 1000;
  o["feeCreditSat"] = 0;
  return pretty(o);
}

Reply PhoenixdApi::create_invoice(const Request& request) {
  auto form = parse_form(request.body());
  if (!form) return text(400, "Cannot parse the request body");
  InvoiceSpec spec;
  if (auto amount = form_value(*form, "amountSat")) {
    auto sat = to_long(*amount);
    if (!sat) return unconvertible("amountSat", "integer");
    if (*sat > 0) spec.amount_msat = static_cast<std::uint64_t>(*sat) * 1000;
  }
  auto description = form_value(*form, "description");
  if (description && text_length(*description) > kMaxDescription) {
    return text(400, "Request parameter description is too long (max 128 characters)");
  }
  std::optional<Hash32> description_hash;
  if (auto h = form_value(*form, "descriptionHash")) {
    description_hash = from_hex_array<32>(*h);
    if (!description_hash) return unconvertible("descriptionHash", "hex32");
  }
  if (description.has_value() == description_hash.has_value()) {
    return text(400, "Must provide either a description or descriptionHash");
  }
  spec.description = description.value_or("");
  spec.description_hash = description_hash;
  spec.expiry_seconds = kDefaultExpiry;
  if (auto expiry = form_value(*form, "expirySeconds")) {
    auto seconds = to_long(*expiry);
    if (!seconds) return unconvertible("expirySeconds", "integer");
    if (*seconds > 0) spec.expiry_seconds = static_cast<std::uint64_t>(*seconds);
  }
  spec.external_id = form_value(*form, "externalId").value_or("");
  auto added = ledger_.add_invoice(node_.make_invoice(spec));
  if (!added) return text(500, "duplicate payment hash");
  json::object o;
  if (added->amount_msat) o["amountSat"] = *added->amount_msat / 1000;
  o["paymentHash"] = to_hex(added->payment_hash);
  o["serialized"] = added->bolt11;
  return pretty(o);
}

Reply PhoenixdApi::incoming_payment(std::string_view hash_text) const {
  auto hash = from_hex_array<32>(hash_text);
  if (!hash) return unconvertible("paymentHash", "hex32");
  auto inv = ledger_.invoice(NodeKind::phoenixd, *hash);
  if (!inv) return text(404, "Not found");
  return pretty(incoming_json(*inv, now_ms()));
}

Reply PhoenixdApi::pay_invoice(const Request& request) {
  auto form = parse_form(request.body());
  if (!form) return text(400, "Cannot parse the request body");
  const bool send_all = form_has(*form, "sendAll");
  const auto amount_text = form_value(*form, "amountSat");
  if (send_all && amount_text) {
    return text(400, "Cannot use both amountSat and sendAll request parameters");
  }
  std::optional<std::uint64_t> override_msat;
  if (amount_text) {
    auto sat = to_long(*amount_text);
    if (!sat || *sat < 0) return unconvertible("amountSat", "integer");
    override_msat = static_cast<std::uint64_t>(*sat) * 1000;
  }
  auto invoice_text = form_value(*form, "invoice");
  if (!invoice_text) return missing("invoice");
  auto read = read_invoice(*invoice_text);
  if (!read) return unconvertible("invoice", "bolt11invoice");
  if (send_all) {
    // The most the wallet can send once the fee is paid.
    const FeePolicy& fees = ledger_.fees();
    const std::uint64_t balance = ledger_.balance(NodeKind::phoenixd);
    const std::uint64_t spendable = balance > fees.base_msat ? balance - fees.base_msat : 0;
    const auto most = static_cast<std::uint64_t>(static_cast<long double>(spendable) * 1e6L /
                                                 (1e6L + static_cast<long double>(fees.ppm)));
    override_msat = most / 1000 * 1000;
  }
  const auto amount = override_msat ? override_msat : read->invoice.amount_msat;
  if (!amount) return missing("amountSat");

  const auto failed = [&](std::string_view reason) {
    json::object o;
    o["paymentHash"] = to_hex(read->invoice.payment_hash);
    o["reason"] = reason;
    return pretty(o);
  };
  if (read->invoice.network != node_.chain().network)
    return failed(failure_reason(PaymentFailure::no_route));
  if (invoice_expired(read->invoice, now_ms()))
    return failed(failure_reason(PaymentFailure::rejected));
  const PayResult result =
      ledger_.pay(pay_request(NodeKind::phoenixd, *read, *amount, std::nullopt, false));
  switch (result.kind) {
    case PayResult::Kind::already_paid:
      return failed("this invoice has already been paid");
    case PayResult::Kind::refused:
    case PayResult::Kind::failed:
      return failed(failure_reason(result.payment.failure));
    case PayResult::Kind::paid:
      break;
  }
  const PaymentRecord& p = result.payment;
  json::object o;
  o["recipientAmountSat"] = p.amount_msat / 1000;
  o["routingFeeSat"] = p.fee_msat / 1000;
  o["paymentId"] = p.uuid;
  o["paymentHash"] = to_hex(p.payment_hash);
  o["paymentPreimage"] = to_hex(p.preimage);
  return pretty(o);
}

Reply PhoenixdApi::outgoing_payment(std::string_view id, bool by_hash) const {
  std::optional<Hash32> hash;
  if (by_hash) {
    hash = from_hex_array<32>(id);
    if (!hash) return unconvertible("paymentHash", "hex32");
  } else if (id.size() != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-') {
    return unconvertible("uuid", "uuid");
  }
  const PaymentRecord* best = nullptr;
  const auto payments = ledger_.payments(NodeKind::phoenixd);
  const auto rank = [](const PaymentRecord& p) {
    return p.status == PaymentStatus::succeeded ? 3 : p.status == PaymentStatus::in_flight ? 2 : 1;
  };
  for (const auto& p : payments) {
    const bool match = by_hash ? p.payment_hash == *hash : p.uuid == id;
    if (match && (best == nullptr || rank(p) > rank(*best))) best = &p;
  }
  if (best == nullptr) return text(404, "Not found");
  return pretty(outgoing_json(*best));
}

Reply PhoenixdApi::websocket(CallContext& ctx) {
  auto queue = std::make_shared<EventQueue>(ctx.executor, NodeKind::phoenixd,
                                            static_cast<unsigned>(EventKind::invoice_settled));
  ledger_.subscribe(queue);
  WebSocketSession session;
  session.run = [queue, &ctx](WebSocketSender& out) -> asio::awaitable<void> {
    for (;;) {
      auto event = co_await queue->next(kForever, ctx.stop, *ctx.stopped);
      if (!event) co_return;
      const InvoiceRecord& inv = *event->invoice;
      json::object o;
      o["type"] = "payment_received";
      o["timestamp"] = inv.settled_at_ms;
      o["amountSat"] = inv.amount_paid_msat / 1000;
      o["paymentHash"] = to_hex(inv.payment_hash);
      if (!inv.external_id.empty()) o["externalId"] = inv.external_id;
      const std::string text = kotlin_pretty_json(o);
      if (!co_await out.send(text)) co_return;
    }
  };
  return session;
}

}  // namespace l402d::lnsim
