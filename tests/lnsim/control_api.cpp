#include "lnsim/control_api.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "lnsim/pay_support.hpp"
#include "lnsim/url_form.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

Response reply(unsigned status, const json::object& o) {
  return make_response(status, "application/json", json::serialize(o));
}

Response error(unsigned status, std::string message) {
  json::object o;
  o["error"] = std::move(message);
  return reply(status, o);
}

std::optional<NodeKind> api_of(const json::object& body) {
  const auto* v = body.if_contains("api");
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return node_kind_from_name(v->as_string());
}

std::optional<std::uint64_t> uint_of(const json::object& body, std::string_view name) {
  const auto* v = body.if_contains(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_uint64()) return v->as_uint64();
  if (v->is_int64() && v->as_int64() >= 0) return static_cast<std::uint64_t>(v->as_int64());
  return std::nullopt;
}

json::value name_or_null(std::optional<NodeKind> kind, std::string_view null_name) {
  return kind ? json::value(name_of(*kind)) : json::value(null_name);
}

}  // namespace

ControlApi::ControlApi(ControlTargets targets) : t_(targets) {}

asio::awaitable<Reply> ControlApi::handle(Request& request, CallContext&) {
  const std::string_view target(request.target().data(), request.target().size());
  const std::string_view path = target_path(target);
  const bool get = request.method() == beast_http::verb::get;
  const bool post = request.method() == beast_http::verb::post;
  if (get) {
    if (path == "/control/invoices") co_return invoices();
    if (path == "/control/payments") co_return payments();
    if (path == "/control/nodes") co_return nodes();
    co_return error(404, "unknown path");
  }
  if (!post) co_return error(405, "method not allowed");
  boost::system::error_code ec;
  json::value parsed = json::parse(request.body(), ec);
  if (ec || !parsed.is_object()) co_return error(400, "the body must be a JSON object");
  const json::object& body = parsed.as_object();
  if (path == "/control/pay") co_return pay(body);
  if (path == "/control/offline") co_return co_await offline(body);
  if (path == "/control/fault") co_return co_await fault(body);
  if (path == "/control/latency") co_return latency(body);
  if (path == "/control/expire") co_return expire(body);
  if (path == "/control/balance") co_return balance(body);
  co_return error(404, "unknown path");
}

Reply ControlApi::pay(const json::object& body) {
  const auto* text = body.if_contains("bolt11");
  if (text == nullptr || !text->is_string()) return error(400, "bolt11 (a string) is required");
  auto read = read_invoice(text->as_string());
  if (!read) return error(400, "not an invoice: " + std::string(bolt11::to_string(read.error())));
  const bolt11::Invoice& inv = read->invoice;
  if (inv.network != t_.nodes[0]->chain().network) return error(400, "invoice for another network");
  if (invoice_expired(inv, now_ms())) return error(400, "invoice expired");
  std::uint64_t amount = inv.amount_msat.value_or(0);
  if (auto given = uint_of(body, "amount_msat")) {
    if (inv.amount_msat && *given < *inv.amount_msat)
      return error(400, "amount_msat below the invoice's");
    amount = *given;
  }
  if (amount == 0) return error(400, "amount_msat is required for an invoice without amount");
  const PayResult result =
      t_.ledger->pay(pay_request(std::nullopt, *read, amount, std::nullopt, false));
  const PaymentRecord& p = result.payment;
  json::object o;
  o["payment_hash"] = to_hex(p.payment_hash);
  o["amount_msat"] = p.amount_msat;
  o["payee"] = name_or_null(p.payee, "unknown");
  if (result.kind != PayResult::Kind::paid) {
    o["error"] = to_string(p.failure);
    return reply(409, o);
  }
  o["preimage"] = to_hex(p.preimage);
  return reply(200, o);
}

asio::awaitable<Reply> ControlApi::offline(const json::object& body) {
  const auto api = api_of(body);
  const auto* flag = body.if_contains("offline");
  if (!api || flag == nullptr || !flag->is_bool()) {
    co_return error(400, "expected {\"api\": \"lnd|cln|lnbits|phoenixd\", \"offline\": bool}");
  }
  co_await t_.servers[index_of(*api)]->set_offline(flag->as_bool());
  json::object o;
  o["api"] = name_of(*api);
  o["offline"] = flag->as_bool();
  co_return reply(200, o);
}

asio::awaitable<Reply> ControlApi::fault(const json::object& body) {
  const auto api = api_of(body);
  const auto* name = body.if_contains("fault");
  const auto f = name && name->is_string() ? fault_from_name(name->as_string()) : std::nullopt;
  if (!api || !f) {
    co_return error(
        400, "expected {\"api\": \"lnd|cln|lnbits|phoenixd\", \"fault\": \"none|garbage|hangup\"}");
  }
  co_await t_.servers[index_of(*api)]->set_fault(*f);
  json::object o;
  o["api"] = name_of(*api);
  o["fault"] = name_of(*f);
  co_return reply(200, o);
}

Reply ControlApi::latency(const json::object& body) {
  const auto ms = uint_of(body, "ms");
  if (!ms || *ms > 600'000) return error(400, "expected {\"ms\": 0..600000}");
  t_.latency_ms->store(static_cast<int>(*ms));
  json::object o;
  o["ms"] = *ms;
  return reply(200, o);
}

Reply ControlApi::expire(const json::object& body) {
  const auto* text = body.if_contains("payment_hash");
  auto hash = text && text->is_string() ? from_hex_array<32>(text->as_string()) : std::nullopt;
  if (!hash) return error(400, "payment_hash (64 hex digits) is required");
  if (!t_.ledger->expire_now(*hash)) return error(404, "no open invoice with that payment hash");
  json::object o;
  o["payment_hash"] = to_hex(*hash);
  o["expired"] = true;
  return reply(200, o);
}

Reply ControlApi::balance(const json::object& body) {
  const auto api = api_of(body);
  const auto msat = uint_of(body, "balance_msat");
  if (!api || !msat) return error(400, "expected {\"api\": \"...\", \"balance_msat\": N}");
  t_.ledger->set_balance(*api, *msat);
  json::object o;
  o["api"] = name_of(*api);
  o["balance_msat"] = *msat;
  return reply(200, o);
}

Reply ControlApi::invoices() const {
  const std::int64_t now = now_ms();
  json::array list;
  // Preimages stay out: a test must get them from a payer, as a buyer would.
  for (const auto& inv : t_.ledger->all_invoices()) {
    json::object o;
    o["node"] = name_of(inv.node);
    o["payment_hash"] = to_hex(inv.payment_hash);
    o["bolt11"] = inv.bolt11;
    o["amount_msat"] = inv.amount_msat ? json::value(*inv.amount_msat) : json::value(nullptr);
    o["description"] = inv.description;
    o["label"] = inv.label;
    o["external_id"] = inv.external_id;
    o["state"] = to_string(inv.status(now));
    o["created_at"] = inv.created_at();
    o["expires_at"] = inv.expires_at();
    o["settled_at"] =
        inv.state == InvoiceState::settled ? json::value(inv.settled_at()) : json::value(nullptr);
    o["amount_paid_msat"] = inv.amount_paid_msat;
    o["add_index"] = inv.add_index;
    o["settle_index"] = inv.settle_index;
    list.push_back(std::move(o));
  }
  json::object o;
  o["invoices"] = std::move(list);
  return reply(200, o);
}

Reply ControlApi::payments() const {
  json::array list;
  for (const auto& p : t_.ledger->all_payments()) {
    json::object o;
    o["id"] = p.id;
    o["payer"] = name_or_null(p.payer, "external");
    o["payee"] = name_or_null(p.payee, "unknown");
    o["payment_hash"] = to_hex(p.payment_hash);
    o["amount_msat"] = p.amount_msat;
    o["fee_msat"] = p.fee_msat;
    o["status"] = to_string(p.status);
    o["failure"] = to_string(p.failure);
    if (p.status == PaymentStatus::succeeded) o["preimage"] = to_hex(p.preimage);
    o["created_at_ms"] = p.created_at_ns / 1'000'000;
    list.push_back(std::move(o));
  }
  json::object o;
  o["payments"] = std::move(list);
  return reply(200, o);
}

Reply ControlApi::nodes() const {
  json::object o;
  for (const NodeKind k : kAllNodes) {
    json::object n;
    n["node_id"] = t_.nodes[index_of(k)]->id_hex();
    n["alias"] = t_.nodes[index_of(k)]->alias();
    n["balance_msat"] = t_.ledger->balance(k);
    n["port"] = t_.servers[index_of(k)]->port();
    n["offline"] = t_.servers[index_of(k)]->offline();
    n["fault"] = name_of(t_.servers[index_of(k)]->fault());
    n["held"] = t_.servers[index_of(k)]->held();
    o[name_of(k)] = std::move(n);
  }
  o["latency_ms"] = t_.latency_ms->load();
  return reply(200, o);
}

}  // namespace l402d::lnsim
