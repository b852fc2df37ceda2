#include "lnsim/cln_api.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>

#include "lnsim/pay_support.hpp"
#include "lnsim/url_form.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim {

namespace asio = boost::asio;
namespace json = boost::json;
using cln::RpcError;

namespace {

constexpr std::string_view kVersion = "v25.12";
constexpr std::uint64_t kDefaultExpiry = 7 * 24 * 3600;
constexpr std::size_t kMaxLabelBytes = 128;
constexpr std::size_t kMaxDescriptionBytes = 639;  // one BOLT11 field
constexpr std::uint64_t kMaxExpiry = 10ULL * 365 * 24 * 3600;
constexpr std::uint64_t kChannelMsat = 16'777'215'000ULL;
constexpr auto kForever = std::chrono::steady_clock::time_point::max();

RpcError rpc_error(int code, std::string message, json::value data = nullptr) {
  return RpcError{code, std::move(message), std::move(data)};
}

Response error_reply(unsigned status, const RpcError& e) {
  json::object o;
  o["code"] = e.code;
  o["message"] = e.message;
  o["data"] = e.data;
  return make_response(status, "application/json", json::serialize(o));
}

// clnrest's own failures carry no code.
Response plain_error(unsigned status, std::string message) {
  json::object o;
  o["code"] = nullptr;
  o["message"] = std::move(message);
  o["data"] = nullptr;
  return make_response(status, "application/json", json::serialize(o));
}

json::object invoice_fields(const InvoiceRecord& inv, std::int64_t now_ms) {
  json::object o;
  o["label"] = inv.label;
  o["bolt11"] = inv.bolt11;
  o["payment_hash"] = to_hex(inv.payment_hash);
  if (inv.amount_msat) o["amount_msat"] = *inv.amount_msat;
  const InvoiceStatus status = inv.status(now_ms);
  o["status"] = status == InvoiceStatus::settled   ? "paid"
                : status == InvoiceStatus::expired ? "expired"
                                                   : "unpaid";
  if (status == InvoiceStatus::settled) {
    o["pay_index"] = inv.settle_index;
    o["amount_received_msat"] = inv.amount_paid_msat;
    o["paid_at"] = inv.settled_at();
    o["payment_preimage"] = to_hex(inv.preimage);
  }
  if (!inv.description.empty()) o["description"] = inv.description;
  o["expires_at"] = inv.expires_at();
  o["created_index"] = inv.add_index;
  if (status == InvoiceStatus::settled) o["updated_index"] = inv.settle_index;
  return o;
}

std::string fmt_msat(std::uint64_t msat) {
  return std::to_string(msat) + "msat";
}

// A sendpay happened only when the payee was reached: routing failures
// (no path, too expensive, not enough funds) fail before any HTLC.
bool attempted(const PaymentRecord& p) {
  return p.status == PaymentStatus::succeeded || p.failure == PaymentFailure::rejected;
}

std::string_view pay_status(const PaymentRecord& p) {
  switch (p.status) {
    case PaymentStatus::succeeded:
      return "complete";
    case PaymentStatus::failed:
      return "failed";
    case PaymentStatus::in_flight:
      break;
  }
  return "pending";
}

std::string timeabs(std::int64_t ns) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ns / 1'000'000'000),
                static_cast<long long>(ns % 1'000'000'000 / 1'000'000));
  return buf;
}

// Reads the body as clnrest does: JSON by default, or a form.
Expected<json::object, Response> request_params(const Request& request) {
  const auto ct = request.find(beast_http::field::content_type);
  const std::string content_type =
      ct == request.end() ? "application/json" : std::string(ct->value());
  const std::string& body = request.body();
  const bool form = content_type.find("application/x-www-form-urlencoded") != std::string::npos;
  if (!form && content_type.find("*/*") == std::string::npos &&
      content_type.find("application/json") == std::string::npos) {
    return unexpected(plain_error(406, "Unsupported content-type header: " + content_type));
  }
  json::object params;
  if (body.empty()) return params;
  if (form) {
    auto fields = parse_form(body);
    if (!fields) {
      return unexpected(
          plain_error(500, "Could not parse `" + body + "` FORM-URLENCODED request: bad escape"));
    }
    for (auto& [k, v] : *fields)
      params[k] = v;
    return params;
  }
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    return unexpected(plain_error(500, "Could not parse `" + body + "` JSON request: " +
                                           (ec ? ec.message() : "invalid type: expected a map")));
  }
  // clnrest drops null members before calling lightningd.
  for (auto& [k, value] : v.as_object()) {
    if (!value.is_null()) params[k] = value;
  }
  return params;
}

}  // namespace

ClnApi::ClnApi(Ledger& ledger, const Node& node, const RuneMaster& runes, std::string lightning_dir)
    : ledger_(ledger), node_(node), runes_(runes), lightning_dir_(std::move(lightning_dir)) {}

asio::awaitable<Reply> ClnApi::handle(Request& request, CallContext& ctx) {
  const std::string_view target(request.target().data(), request.target().size());
  const std::string_view path = target_path(target);
  const auto v1 = path.find("v1/");
  if (v1 == std::string_view::npos) {
    co_return error_reply(404, rpc_error(cln::kMethodNotFound, "Path not found"));
  }
  if (v1 != 1) {
    co_return error_reply(
        404, rpc_error(cln::kMethodNotFound, "Path invalid, version missing for CLN methods"));
  }
  if (request.method() != beast_http::verb::post) {
    co_return error_reply(405, rpc_error(cln::kMethodNotFound,
                                         "Path invalid, http_method must be POST for CLN methods"));
  }
  const std::string method(path.substr(4));
  auto params = request_params(request);
  if (!params) co_return params.error();

  const auto rune = request.find("Rune");
  if (rune == request.end()) {
    co_return error_reply(403, rpc_error(1501, "Not authorized: Missing rune"));
  }
  if (auto failure = runes_.check(std::string_view(rune->value().data(), rune->value().size()),
                                  method, *params)) {
    co_return error_reply(401, rpc_error(failure->code, failure->message));
  }

  cln::Result result = co_await dispatch(method, *params, ctx);
  if (!result) {
    const unsigned status = result.error().code == cln::kMethodNotFound ? 404 : 500;
    co_return error_reply(status, result.error());
  }
  co_return make_response(201, "application/json", json::serialize(*result));
}

asio::awaitable<cln::Result> ClnApi::dispatch(std::string_view method, const json::object& params,
                                              CallContext& ctx) {
  if (method == "getinfo") {
    if (auto err = cln::check_params(params, {})) co_return unexpected(*err);
    co_return getinfo();
  }
  if (method == "invoice") co_return invoice(params);
  if (method == "listinvoices") co_return listinvoices(params);
  if (method == "waitinvoice") co_return co_await waitinvoice(params, ctx);
  if (method == "waitanyinvoice") co_return co_await waitanyinvoice(params, ctx);
  if (method == "xpay") co_return pay(params, false);
  if (method == "pay") co_return pay(params, true);
  if (method == "listpays") co_return listpays(params, false);
  if (method == "listsendpays") co_return listpays(params, true);
  if (method == "listfunds") {
    if (auto err = cln::check_params(params, {{"spent"}})) co_return unexpected(*err);
    co_return listfunds();
  }
  co_return unexpected(
      rpc_error(cln::kMethodNotFound, "Unknown command '" + std::string(method) + "'"));
}

cln::Result ClnApi::getinfo() const {
  const Chain& chain = node_.chain();
  json::object o;
  o["id"] = node_.id_hex();
  o["alias"] = node_.alias();
  o["color"] = node_.color();
  o["num_peers"] = 1;
  o["num_pending_channels"] = 0;
  o["num_active_channels"] = 1;
  o["num_inactive_channels"] = 0;
  o["address"] = json::array();
  json::array binding;
  json::object b;
  b["type"] = "ipv4";
  b["address"] = "127.0.0.1";
  b["port"] = 9735;
  binding.push_back(std::move(b));
  o["binding"] = std::move(binding);
  o["version"] = kVersion;
  o["blockheight"] = chain.block_height();
  o["network"] = chain.cln_network();
  o["fees_collected_msat"] = 0;
  o["lightning-dir"] = lightning_dir_;
  json::object features;
  features["init"] = "08a0800a8a59a1";
  features["node"] = "88a0800a8a59a1";
  features["channel"] = "";
  features["invoice"] = "02000002024100";
  o["our_features"] = std::move(features);
  return o;
}

cln::Result ClnApi::invoice(const json::object& params) {
  if (auto err = cln::check_params(params, {{"amount_msat", true},
                                            {"label", true},
                                            {"description", true},
                                            {"expiry"},
                                            {"fallbacks"},
                                            {"preimage"},
                                            {"exposeprivatechannels"},
                                            {"cltv"},
                                            {"deschashonly"}})) {
    return unexpected(*err);
  }
  InvoiceSpec spec;
  const json::value& amount = params.at("amount_msat");
  const auto amount_text = cln::token_text(amount);
  if (!amount_text)
    return unexpected(cln::bad_param("amount_msat", "should be positive msat or 'any'"));
  if (*amount_text != "any") {
    auto msat = cln::parse_amount_msat(*amount_text);
    if (!msat || *msat == 0) {
      return unexpected(cln::bad_param("amount_msat", "should be positive msat or 'any'"));
    }
    spec.amount_msat = *msat;
  }
  auto label = cln::label_param(params, "label");
  if (!label) return unexpected(label.error());
  auto description = cln::string_param(params, "description");
  if (!description) return unexpected(description.error());
  auto expiry = cln::u64_param(params, "expiry");
  if (!expiry) return unexpected(expiry.error());
  auto preimage = cln::sha256_param(params, "preimage");
  if (!preimage) return unexpected(preimage.error());
  auto cltv = cln::u64_param(params, "cltv");
  if (!cltv) return unexpected(cln::bad_param("cltv", "should be an integer"));
  auto hash_only = cln::bool_param(params, "deschashonly");
  if (!hash_only) return unexpected(hash_only.error());
  if (params.contains("fallbacks") || params.contains("exposeprivatechannels")) {
    return unexpected(rpc_error(cln::kLightningd,
                                "lnsim: fallbacks and exposeprivatechannels are not simulated"));
  }
  if ((*label)->size() > kMaxLabelBytes) {
    return unexpected(
        rpc_error(cln::kInvalidParams,
                  "Label '" + **label + "' over " + std::to_string(kMaxLabelBytes) + " bytes"));
  }
  const bool deschashonly = hash_only->value_or(false);
  if ((*description)->size() > kMaxDescriptionBytes && !deschashonly) {
    return unexpected(rpc_error(cln::kInvalidParams,
                                "Description greater than " + std::to_string(kMaxDescriptionBytes) +
                                    " bytes invalid (description length " +
                                    std::to_string((*description)->size()) + ")"));
  }
  spec.label = **label;
  spec.description = **description;
  if (deschashonly) spec.description_hash = sha256(**description);
  spec.expiry_seconds = std::min(expiry->value_or(kDefaultExpiry), kMaxExpiry);
  spec.preimage = *preimage;
  spec.cltv_expiry = cltv->value_or(0);

  if (ledger_.invoice_by_label(NodeKind::cln, spec.label)) {
    return unexpected(rpc_error(900, "Duplicate label '" + spec.label + "'"));
  }
  auto added = ledger_.add_invoice(node_.make_invoice(spec));
  if (!added) {
    if (added.error() == AddError::duplicate_label) {
      return unexpected(rpc_error(900, "Duplicate label '" + spec.label + "'"));
    }
    return unexpected(rpc_error(901, "preimage already used"));
  }
  json::object o;
  o["payment_hash"] = to_hex(added->payment_hash);
  o["expires_at"] = added->expires_at();
  o["bolt11"] = added->bolt11;
  o["payment_secret"] = to_hex(added->payment_secret);
  o["created_index"] = added->add_index;
  return o;
}

cln::Result ClnApi::listinvoices(const json::object& params) const {
  if (auto err = cln::check_params(params, {{"label"},
                                            {"invstring"},
                                            {"payment_hash"},
                                            {"offer_id"},
                                            {"index"},
                                            {"start"},
                                            {"limit"}})) {
    return unexpected(*err);
  }
  auto label = cln::label_param(params, "label");
  if (!label) return unexpected(label.error());
  auto invstring = cln::string_param(params, "invstring");
  if (!invstring) return unexpected(invstring.error());
  auto hash = cln::sha256_param(params, "payment_hash");
  if (!hash) return unexpected(hash.error());
  auto offer = cln::sha256_param(params, "offer_id");
  if (!offer) return unexpected(offer.error());
  if (label->has_value() + invstring->has_value() + hash->has_value() + offer->has_value() > 1) {
    return unexpected(
        rpc_error(cln::kInvalidParams,
                  "Can only specify one of {label}, {invstring}, {payment_hash} or {offer_id}"));
  }
  if (params.contains("start") && !params.contains("index")) {
    return unexpected(rpc_error(cln::kInvalidParams, "Can only specify {start} with {index}"));
  }
  if (params.contains("limit") && !params.contains("index")) {
    return unexpected(rpc_error(cln::kInvalidParams, "Can only specify {limit} with {index}"));
  }
  std::optional<Hash32> wanted = *hash;
  if (*invstring) {
    auto read = read_invoice(**invstring);
    if (!read) return unexpected(rpc_error(cln::kInvalidParams, "Invalid invstring"));
    wanted = read->invoice.payment_hash;
  }
  const std::int64_t now = now_ms();
  json::array out;
  if (*label) {
    if (auto inv = ledger_.invoice_by_label(NodeKind::cln, **label)) {
      out.push_back(invoice_fields(*inv, now));
    }
  } else if (wanted) {
    if (auto inv = ledger_.invoice(NodeKind::cln, *wanted))
      out.push_back(invoice_fields(*inv, now));
  } else if (!*offer) {
    auto start = cln::u64_param(params, "start");
    auto limit = cln::u64_param(params, "limit");
    if (!start) return unexpected(start.error());
    if (!limit) return unexpected(limit.error());
    for (const auto& inv : ledger_.invoices(NodeKind::cln)) {
      if (inv.add_index < start->value_or(0)) continue;
      if (*limit && out.size() >= **limit) break;
      out.push_back(invoice_fields(inv, now));
    }
  }
  json::object o;
  o["invoices"] = std::move(out);
  return o;
}

asio::awaitable<cln::Result> ClnApi::waitinvoice(const json::object& params, CallContext& ctx) {
  if (auto err = cln::check_params(params, {{"label", true}})) co_return unexpected(*err);
  auto label = cln::label_param(params, "label");
  if (!label) co_return unexpected(label.error());
  auto queue = std::make_shared<EventQueue>(ctx.executor, NodeKind::cln,
                                            static_cast<unsigned>(EventKind::invoice_settled) |
                                                static_cast<unsigned>(EventKind::invoice_expired));
  ledger_.subscribe(queue);
  auto inv = ledger_.invoice_by_label(NodeKind::cln, **label);
  if (!inv) co_return unexpected(rpc_error(cln::kLightningd, "Label not found"));
  ctx.watch_peer();
  for (;;) {
    const std::int64_t now = now_ms();
    switch (inv->status(now)) {
      case InvoiceStatus::settled:
        co_return invoice_fields(*inv, now);
      case InvoiceStatus::expired:
        co_return unexpected(
            rpc_error(903, "invoice expired during wait", invoice_fields(*inv, now)));
      case InvoiceStatus::open:
        break;
    }
    // Wake at the expiry at the latest, even if the sweeper has not run yet.
    const auto deadline =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(std::max<std::int64_t>(0, inv->expires_at_ms - now));
    auto event = co_await queue->next(deadline, ctx.stop, *ctx.stopped);
    if (*ctx.stopped) co_return unexpected(rpc_error(cln::kLightningd, "connection closed"));
    if (event && event->invoice->payment_hash != inv->payment_hash) continue;
    if (event) {
      inv = *event->invoice;
    } else if (auto again = ledger_.invoice(NodeKind::cln, inv->payment_hash)) {
      inv = *again;
    }
  }
}

asio::awaitable<cln::Result> ClnApi::waitanyinvoice(const json::object& params, CallContext& ctx) {
  if (auto err = cln::check_params(params, {{"lastpay_index"}, {"timeout"}})) {
    co_return unexpected(*err);
  }
  auto last = cln::u64_param(params, "lastpay_index");
  if (!last) co_return unexpected(last.error());
  auto timeout = cln::u64_param(params, "timeout");
  if (!timeout) co_return unexpected(timeout.error());
  const std::uint64_t after = last->value_or(0);
  auto queue = std::make_shared<EventQueue>(ctx.executor, NodeKind::cln,
                                            static_cast<unsigned>(EventKind::invoice_settled));
  ledger_.subscribe(queue);
  if (auto inv = ledger_.settled_after(NodeKind::cln, after))
    co_return invoice_fields(*inv, now_ms());
  const auto deadline =
      *timeout ? std::chrono::steady_clock::now() + std::chrono::seconds(**timeout) : kForever;
  ctx.watch_peer();
  for (;;) {
    auto event = co_await queue->next(deadline, ctx.stop, *ctx.stopped);
    if (*ctx.stopped) co_return unexpected(rpc_error(cln::kLightningd, "connection closed"));
    if (!event) {
      co_return unexpected(rpc_error(904, "Timed out while waiting for invoice to be paid"));
    }
    if (event->invoice->settle_index > after) {
      // The first one after `after`, which need not be the one that woke us.
      if (auto inv = ledger_.settled_after(NodeKind::cln, after)) {
        co_return invoice_fields(*inv, now_ms());
      }
    }
  }
}

cln::Result ClnApi::pay(const json::object& params, bool as_pay) {
  const char* invstring_name = "invstring";
  if (as_pay) {
    if (auto err = cln::check_params(params, {{"bolt11"},
                                              {"invstring"},
                                              {"amount_msat"},
                                              {"label"},
                                              {"riskfactor"},
                                              {"maxfeepercent"},
                                              {"retry_for"},
                                              {"maxdelay"},
                                              {"exemptfee"},
                                              {"localinvreqid"},
                                              {"exclude"},
                                              {"maxfee"},
                                              {"description"},
                                              {"partial_msat"}})) {
      return unexpected(*err);
    }
    invstring_name = params.contains("bolt11") ? "bolt11" : "invstring";
    if (!params.contains(invstring_name)) {
      return unexpected(rpc_error(cln::kInvalidParams, "missing required parameter: bolt11"));
    }
  } else if (auto err = cln::check_params(params, {{"invstring", true},
                                                   {"amount_msat"},
                                                   {"maxfee"},
                                                   {"layers"},
                                                   {"retry_for"},
                                                   {"partial_msat"},
                                                   {"maxdelay"},
                                                   {"payer_note"},
                                                   {"label"},
                                                   {"localinvreqid"}})) {
    return unexpected(*err);
  }
  auto invstring = cln::string_param(params, invstring_name);
  if (!invstring) return unexpected(invstring.error());
  auto amount = cln::msat_param(params, "amount_msat");
  if (!amount) return unexpected(amount.error());
  auto maxfee = cln::msat_param(params, "maxfee");
  if (!maxfee) return unexpected(maxfee.error());
  auto maxfeepercent = cln::number_param(params, "maxfeepercent");
  if (!maxfeepercent) return unexpected(maxfeepercent.error());
  auto exemptfee = cln::msat_param(params, "exemptfee");
  if (!exemptfee) return unexpected(exemptfee.error());

  auto read = read_invoice(**invstring);
  if (!read) {
    return unexpected(
        rpc_error(cln::kInvalidParams,
                  "Invalid bolt11 invoice: " + std::string(bolt11::to_string(read.error()))));
  }
  const bolt11::Invoice& inv = read->invoice;
  const Chain& chain = node_.chain();
  if (inv.network != chain.network) {
    const Chain theirs{inv.network};
    return unexpected(rpc_error(cln::kInvalidParams, "Invalid bolt11 invoice: Prefix " +
                                                         std::string(theirs.cln_hrp_chain()) +
                                                         " is not for " +
                                                         std::string(chain.cln_network())));
  }
  std::uint64_t msat = 0;
  if (!inv.amount_msat) {
    if (!*amount) return unexpected(rpc_error(cln::kInvalidParams, "amount_msat required"));
    msat = **amount;
  } else {
    if (*amount) return unexpected(rpc_error(cln::kInvalidParams, "amount_msat unnecessary"));
    msat = *inv.amount_msat;
  }
  if (msat == 0) {
    return unexpected(rpc_error(cln::kInvalidParams, "Cannot pay bolt11 invoice with zero amount"));
  }
  const std::int64_t now_s = now_ms() / 1000;
  if (now_s > invoice_expires_at(inv)) {
    return unexpected(rpc_error(
        207,
        "Invoice expired " + std::to_string(now_s - invoice_expires_at(inv)) + " seconds ago"));
  }
  // xpay: 1 % with a 5000 msat floor; pay: maxfeepercent (0.5) with exemptfee.
  std::uint64_t fee_limit = 0;
  if (*maxfee) {
    fee_limit = **maxfee;
  } else if (as_pay) {
    const double pct = maxfeepercent->value_or(0.5);
    fee_limit =
        std::max<std::uint64_t>(static_cast<std::uint64_t>(static_cast<double>(msat) * pct / 100),
                                exemptfee->value_or(5000));
  } else {
    fee_limit = std::max<std::uint64_t>(msat / 100, 5000);
  }

  const PayResult result = ledger_.pay(pay_request(NodeKind::cln, *read, msat, fee_limit, true));
  const PaymentRecord& p = result.payment;
  switch (result.kind) {
    case PayResult::Kind::paid:
    case PayResult::Kind::already_paid: {
      if (result.kind == PayResult::Kind::already_paid && !as_pay) {
        return unexpected(rpc_error(219, "Already paid this invoice successfully"));
      }
      json::object o;
      o["payment_preimage"] = to_hex(p.preimage);
      o["amount_msat"] = p.amount_msat;
      o["amount_sent_msat"] = p.amount_msat + p.fee_msat;
      if (as_pay) {
        o["parts"] = 1;
        o["destination"] = to_hex(p.destination);
        o["payment_hash"] = to_hex(p.payment_hash);
        o["status"] = "complete";
        o["created_at"] = json::parse(timeabs(p.created_at_ns));
      } else {
        o["failed_parts"] = 0;
        o["successful_parts"] = 1;
      }
      return o;
    }
    case PayResult::Kind::refused:
    case PayResult::Kind::failed:
      break;
  }
  switch (p.failure) {
    case PaymentFailure::fee_limit:
      return unexpected(rpc_error(206, "Failed: Could not find route without excessive cost"));
    case PaymentFailure::insufficient_balance:
      return unexpected(rpc_error(
          215, "Failed: We could not find a usable set of paths. Total source capacity is only " +
                   fmt_msat(ledger_.balance(NodeKind::cln)) + " (in 1 channels)."));
    case PaymentFailure::rejected:
      return unexpected(rpc_error(203,
                                  "Destination said it doesn't know invoice: "
                                  "WIRE_INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS"));
    default:
      return unexpected(rpc_error(205, "Failed: Unknown destination node " + to_hex(inv.payee)));
  }
}

cln::Result ClnApi::listpays(const json::object& params, bool sendpays) const {
  if (auto err = cln::check_params(
          params, {{"bolt11"}, {"payment_hash"}, {"status"}, {"index"}, {"start"}, {"limit"}})) {
    return unexpected(*err);
  }
  auto bolt11 = cln::string_param(params, "bolt11");
  if (!bolt11) return unexpected(bolt11.error());
  auto hash = cln::sha256_param(params, "payment_hash");
  if (!hash) return unexpected(hash.error());
  auto status = cln::string_param(params, "status");
  if (!status) return unexpected(status.error());
  if (*bolt11 && *hash) {
    return unexpected(
        rpc_error(cln::kInvalidParams, "Can only specify one of {bolt11} or {payment_hash}"));
  }
  std::optional<Hash32> wanted = *hash;
  if (*bolt11) {
    auto read = read_invoice(**bolt11);
    if (!read) return unexpected(rpc_error(cln::kInvalidParams, "Invalid invoice"));
    wanted = read->invoice.payment_hash;
  }
  json::array out;
  for (const auto& p : ledger_.payments(NodeKind::cln)) {
    if (!attempted(p)) continue;
    if (wanted && p.payment_hash != *wanted) continue;
    if (*status && **status != pay_status(p)) continue;
    const bool complete = p.status == PaymentStatus::succeeded;
    json::object o;
    o["created_index"] = p.index;
    if (sendpays) {
      o["id"] = p.index;
      o["groupid"] = p.index;
    }
    o["payment_hash"] = to_hex(p.payment_hash);
    o["updated_index"] = p.index;
    o["status"] = pay_status(p);
    if (sendpays) o["amount_msat"] = p.amount_msat;
    o["destination"] = to_hex(p.destination);
    o["created_at"] = p.created_at_ns / 1'000'000'000;
    o["completed_at"] = p.completed_at_ns / 1'000'000'000;
    if (sendpays) o["amount_sent_msat"] = p.amount_msat + p.fee_msat;
    o["bolt11"] = p.bolt11;
    if (sendpays && complete) o["payment_preimage"] = to_hex(p.preimage);
    if (!sendpays && complete) {
      o["preimage"] = to_hex(p.preimage);
      o["amount_msat"] = p.amount_msat;
      o["amount_sent_msat"] = p.amount_msat + p.fee_msat;
      o["number_of_parts"] = 1;
    }
    out.push_back(std::move(o));
  }
  json::object o;
  o[sendpays ? "payments" : "pays"] = std::move(out);
  return o;
}

cln::Result ClnApi::listfunds() const {
  json::object channel;
  channel["peer_id"] = "02" + to_hex(sha256("lnsim peer of cln"));
  channel["connected"] = true;
  channel["state"] = "CHANNELD_NORMAL";
  channel["channel_id"] = to_hex(sha256("lnsim channel of cln"));
  channel["short_channel_id"] = "200x1x0";
  const std::uint64_t balance = ledger_.balance(NodeKind::cln);
  channel["our_amount_msat"] = balance;
  channel["amount_msat"] = std::max(balance, kChannelMsat);
  channel["funding_txid"] = to_hex(sha256("lnsim funding of cln"));
  channel["funding_output"] = 0;
  json::array channels;
  channels.push_back(std::move(channel));
  json::object o;
  o["outputs"] = json::array();
  o["channels"] = std::move(channels);
  return o;
}

}  // namespace l402d::lnsim
