#include "lnsim/lnd_api.hpp"

#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>

#include "lnsim/grpc_gateway.hpp"
#include "lnsim/lnd_json.hpp"
#include "lnsim/pay_support.hpp"
#include "lnsim/url_form.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/json_text.hpp"

namespace l402d::lnsim {

namespace asio = boost::asio;
namespace json = boost::json;
using grpc::Status;

namespace {

constexpr std::string_view kVersion = "0.21.2-beta commit=v0.21.2-beta";
constexpr std::uint64_t kMaxInvoiceMsat = 100'000ULL * 100'000'000ULL * 1000ULL;
constexpr std::int64_t kMaxExpirySeconds = 365LL * 24 * 3600;
constexpr std::size_t kMaxMemoBytes = 1024;
constexpr std::int64_t kDefaultExpirySeconds = 86400;
constexpr auto kForever = std::chrono::steady_clock::time_point::max();

Status unknown(std::string message) {
  return Status{grpc::kUnknown, std::move(message)};
}

Status invalid_argument(std::string message) {
  return Status{grpc::kInvalidArgument, std::move(message)};
}

// The request's only value of `name` in the query, as the gateway reads it.
std::optional<std::string> query_value(std::string_view target, std::string_view name) {
  auto fields = parse_form(target_query(target));
  if (!fields) return std::nullopt;
  return form_value(*fields, name);
}

// strconv.ParseUint as the gateway reports it.
Expected<std::uint64_t, Status> query_uint64(std::string_view target, std::string_view name) {
  auto text = query_value(target, name);
  if (!text) return std::uint64_t{0};
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || text->empty()) {
    return unexpected(invalid_argument("parsing field \"" + std::string(name) +
                                       "\": strconv.ParseUint: parsing \"" + *text +
                                       "\": invalid syntax"));
  }
  return v;
}

// lntypes.MakeHash.
Expected<Hash32, std::string> make_hash(const Bytes& bytes) {
  if (bytes.size() != 32) {
    return unexpected("invalid hash length of " + std::to_string(bytes.size()) + ", want 32");
  }
  Hash32 h{};
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

// A path parameter of type bytes: percent-decoded, then runtime.Bytes.
Expected<Bytes, Status> path_bytes(std::string_view raw, std::string_view name) {
  auto text = percent_decode(raw, false);
  if (!text) return unexpected(invalid_argument("type mismatch, parameter: " + std::string(name)));
  auto bytes = grpc::bytes_param(*text);
  if (!bytes) {
    return unexpected(invalid_argument("type mismatch, parameter: " + std::string(name) +
                                       ", error: " + bytes.error()));
  }
  return *bytes;
}

json::object node_features() {
  static const std::pair<int, std::pair<std::string_view, bool>> kBits[] = {
      {0, {"data-loss-protect", true}},
      {5, {"upfront-shutdown-script", false}},
      {7, {"gossip-queries", false}},
      {8, {"tlv-onion", true}},
      {12, {"static-remote-key", true}},
      {14, {"payment-addr", true}},
      {17, {"multi-path-payments", false}},
      {19, {"wumbo-channels", false}},
      {23, {"anchors-zero-fee-htlc-tx", false}},
      {25, {"route-blinding", false}},
      {27, {"shutdown-any-segwit", false}},
      {31, {"amp", false}},
      {45, {"explicit-commitment-type", false}},
      {47, {"scid-alias", false}},
      {51, {"zero-conf", false}},
      {55, {"keysend", false}},
  };
  json::object features;
  for (const auto& [bit, f] : kBits) {
    json::object o;
    o["name"] = f.first;
    o["is_required"] = f.second;
    o["is_known"] = true;
    features[std::to_string(bit)] = std::move(o);
  }
  return features;
}

json::object amount(std::uint64_t msat) {
  json::object a;
  a["sat"] = grpc::uint64_str(msat / 1000);
  a["msat"] = grpc::uint64_str(msat);
  return a;
}

const std::vector<std::string_view>& invoice_fields() {
  static const std::vector<std::string_view> fields = {"memo",
                                                       "r_preimage",
                                                       "r_hash",
                                                       "value",
                                                       "value_msat",
                                                       "settled",
                                                       "creation_date",
                                                       "settle_date",
                                                       "payment_request",
                                                       "description_hash",
                                                       "expiry",
                                                       "fallback_addr",
                                                       "cltv_expiry",
                                                       "route_hints",
                                                       "private",
                                                       "add_index",
                                                       "settle_index",
                                                       "amt_paid",
                                                       "amt_paid_sat",
                                                       "amt_paid_msat",
                                                       "state",
                                                       "htlcs",
                                                       "features",
                                                       "is_keysend",
                                                       "payment_addr",
                                                       "is_amp",
                                                       "amp_invoice_state",
                                                       "is_blinded",
                                                       "blinded_path_config"};
  return fields;
}

const std::vector<std::string_view>& send_payment_fields() {
  static const std::vector<std::string_view> fields = {"dest",
                                                       "amt",
                                                       "payment_hash",
                                                       "final_cltv_delta",
                                                       "payment_request",
                                                       "timeout_seconds",
                                                       "fee_limit_sat",
                                                       "cltv_limit",
                                                       "route_hints",
                                                       "dest_custom_records",
                                                       "amt_msat",
                                                       "fee_limit_msat",
                                                       "last_hop_pubkey",
                                                       "allow_self_payment",
                                                       "dest_features",
                                                       "max_parts",
                                                       "no_inflight_updates",
                                                       "outgoing_chan_ids",
                                                       "payment_addr",
                                                       "max_shard_size_msat",
                                                       "amp",
                                                       "time_pref",
                                                       "cancelable",
                                                       "first_hop_custom_records"};
  return fields;
}

StreamResponse stream_of(std::function<asio::awaitable<void>(ChunkWriter&)> produce) {
  StreamResponse s;
  s.headers = grpc::headers();
  s.produce = std::move(produce);
  return s;
}

}  // namespace

struct LndApi::Call {
  Request& request;
  CallContext& ctx;
  std::string_view path;
  grpc::Body body;
};

LndApi::LndApi(Ledger& ledger, const Node& node, const LndMacaroons& macaroons)
    : ledger_(ledger), node_(node), macaroons_(macaroons) {}

asio::awaitable<Reply> LndApi::handle(Request& request, CallContext& ctx) {
  const std::string_view target(request.target().data(), request.target().size());
  const std::string_view path = target_path(target);
  const auto verb = request.method();
  const bool get = verb == beast_http::verb::get;
  const bool post = verb == beast_http::verb::post;
  Call call{request, ctx, path, {}};

  struct Route {
    bool matches;
    bool method_ok;
    LndPermission permission;
    bool stream;
  };
  const auto route = [&]() -> Route {
    if (path == "/v1/getinfo") return {true, get, {"info", "read"}, false};
    if (path == "/v1/balance/channels") return {true, get, {"offchain", "read"}, false};
    if (path == "/v1/invoices") return {true, post, {"invoices", "write"}, false};
    if (path.starts_with("/v1/invoice/")) return {true, get, {"invoices", "read"}, false};
    if (path == "/v2/invoices/lookup") return {true, get, {"invoices", "read"}, false};
    if (path == "/v1/invoices/subscribe") return {true, get, {"invoices", "read"}, true};
    if (path.starts_with("/v2/invoices/subscribe/")) return {true, get, {"invoices", "read"}, true};
    if (path == "/v2/router/send") return {true, post, {"offchain", "write"}, true};
    if (path.starts_with("/v2/router/track/")) return {true, get, {"offchain", "read"}, true};
    return {false, false, {}, false};
  }();
  if (!route.matches) co_return grpc::error_response(Status{grpc::kNotFound, "Not Found"});
  if (!route.method_ok) {
    co_return grpc::error_response(Status{grpc::kUnimplemented, "Method Not Allowed"});
  }

  // The gateway parses the body before the call reaches lnd's interceptor.
  if (path == "/v1/invoices" || path == "/v2/router/send") {
    auto body = grpc::Body::parse(
        request.body(), path == "/v1/invoices" ? invoice_fields() : send_payment_fields());
    if (!body) {
      if (route.stream) co_return grpc::error_stream(body.error());
      co_return grpc::error_response(body.error());
    }
    call.body = std::move(*body);
  }

  const auto header = request.find("Grpc-Metadata-macaroon");
  const std::optional<std::string_view> macaroon =
      header == request.end() ? std::nullopt
                              : std::optional<std::string_view>(std::string_view(
                                    header->value().data(), header->value().size()));
  if (auto denied = macaroons_.check(macaroon, route.permission, ctx.remote_address)) {
    const Status status = unknown(*denied);
    if (route.stream) co_return grpc::error_stream(status);
    co_return grpc::error_response(status);
  }

  if (path == "/v1/getinfo") co_return get_info();
  if (path == "/v1/balance/channels") co_return channel_balance();
  if (path == "/v1/invoices") co_return add_invoice(call);
  if (path.starts_with("/v1/invoice/")) co_return lookup_invoice(call);
  if (path == "/v2/invoices/lookup") co_return lookup_invoice_v2(call);
  if (path == "/v1/invoices/subscribe") co_return subscribe_invoices(call);
  if (path.starts_with("/v2/invoices/subscribe/")) co_return subscribe_single_invoice(call);
  if (path == "/v2/router/send") co_return send_payment(call);
  co_return track_payment(call);
}

Reply LndApi::get_info() const {
  const Chain& chain = node_.chain();
  json::object o;
  o["version"] = kVersion;
  o["commit_hash"] = "e1a5d9ff5b9b9ce3f3c3b8dbc6c0b7a8f4a0bd21";
  o["identity_pubkey"] = node_.id_hex();
  o["alias"] = node_.alias();
  o["color"] = "#3399ff";
  o["num_pending_channels"] = 0;
  o["num_active_channels"] = 1;
  o["num_inactive_channels"] = 0;
  o["num_peers"] = 1;
  o["block_height"] = chain.block_height();
  o["block_hash"] = to_hex(sha256("lnsim block " + std::to_string(chain.block_height())));
  o["best_header_timestamp"] = grpc::int64_str(now_ms() / 1000);
  o["synced_to_chain"] = true;
  o["synced_to_graph"] = true;
  json::array chains;
  json::object c;
  c["chain"] = "bitcoin";
  c["network"] = chain.lnd_network();
  chains.push_back(std::move(c));
  o["chains"] = std::move(chains);
  o["uris"] = json::array();
  o["features"] = node_features();
  o["require_htlc_interceptor"] = false;
  o["store_final_htlc_resolutions"] = false;
  o["wallet_synced"] = true;
  o["graph_cache_status"] = "GRAPH_CACHE_STATUS_LOADED";
  return grpc::ok_response(o);
}

Reply LndApi::channel_balance() const {
  const std::uint64_t balance = ledger_.balance(NodeKind::lnd);
  json::object o;
  o["balance"] = grpc::uint64_str(balance / 1000);
  o["pending_open_balance"] = grpc::uint64_str(0);
  o["local_balance"] = amount(balance);
  o["remote_balance"] = amount(0);
  o["unsettled_local_balance"] = amount(0);
  o["unsettled_remote_balance"] = amount(0);
  o["pending_open_local_balance"] = amount(0);
  o["pending_open_remote_balance"] = amount(0);
  o["custom_channel_data"] = "";
  return grpc::ok_response(o);
}

Reply LndApi::add_invoice(const Call& call) {
  const grpc::Body* body = &call.body;
  const auto value = body->int64("value");
  const auto value_msat = body->int64("value_msat");
  const auto expiry = body->int64("expiry");
  const auto cltv = body->int64("cltv_expiry");
  const auto memo = body->string("memo");
  const auto preimage = body->bytes("r_preimage");
  const auto description_hash = body->bytes("description_hash");
  for (const Expected<std::int64_t, Status>* v : {&value, &value_msat, &expiry, &cltv}) {
    if (!*v) return grpc::error_response(v->error());
  }
  if (!memo) return grpc::error_response(memo.error());
  if (!preimage) return grpc::error_response(preimage.error());
  if (!description_hash) return grpc::error_response(description_hash.error());
  if (body->has("fallback_addr") || body->has("route_hints")) {
    // Not simulated: refusing beats silently writing an invoice without them.
    return grpc::error_response(unknown("lnsim: fallback_addr and route_hints are not simulated"));
  }
  const auto fail = [](std::string message) {
    return grpc::error_response(unknown(std::move(message)));
  };
  if (*value != 0 && *value_msat != 0) return fail("sat and msat arguments are mutually exclusive");
  if (*value < 0 || *value_msat < 0) return fail("amount cannot be negative");
  if (!preimage->empty() && preimage->size() != 32) {
    return fail("payment preimage must be exactly 32 bytes, is instead " +
                std::to_string(preimage->size()));
  }
  const std::uint64_t msat = *value != 0 ? static_cast<std::uint64_t>(*value) * 1000
                                         : static_cast<std::uint64_t>(*value_msat);
  if (memo->size() > kMaxMemoBytes) {
    return fail("memo too large: " + std::to_string(memo->size()) +
                " bytes (maxsize=" + std::to_string(kMaxMemoBytes) + ")");
  }
  if (!description_hash->empty() && description_hash->size() != 32) {
    return fail("description hash is " + std::to_string(description_hash->size()) +
                " bytes, must be 32");
  }
  if (msat > kMaxInvoiceMsat) {
    return fail("invoice amount " + std::to_string(msat / 1000) +
                " is too large, max is 10000000000000");
  }
  if (*expiry > kMaxExpirySeconds) {
    return fail("expiry of " + std::to_string(*expiry) +
                " seconds greater than max expiry of 31536000 seconds");
  }
  if (*cltv < 0 || *cltv > 2016) {
    return fail("CLTV delta of " + std::to_string(*cltv) + " is too large, max accepted is: 2016");
  }
  if (*cltv != 0 && *cltv < 18) {
    return fail("CLTV delta of " + std::to_string(*cltv) + " must be greater than minimum of 18");
  }

  InvoiceSpec spec;
  if (msat > 0) spec.amount_msat = msat;
  spec.description = *memo;
  if (!description_hash->empty()) {
    Hash32 h{};
    std::copy(description_hash->begin(), description_hash->end(), h.begin());
    spec.description_hash = h;
  }
  spec.expiry_seconds = *expiry > 0 ? static_cast<std::uint64_t>(*expiry) : kDefaultExpirySeconds;
  spec.cltv_expiry = static_cast<std::uint64_t>(*cltv);
  if (!preimage->empty()) {
    Hash32 p{};
    std::copy(preimage->begin(), preimage->end(), p.begin());
    spec.preimage = p;
  }
  auto added = ledger_.add_invoice(node_.make_invoice(spec));
  if (!added) return fail("invoice with payment hash already exists");
  // The challenge path of every seller: written straight out, in field order.
  std::string out;
  out.reserve(added->bolt11.size() + 160);
  out += "{\"r_hash\":";
  append_json_string(out, grpc::base64(added->payment_hash));
  out += ",\"payment_request\":";
  append_json_string(out, added->bolt11);
  out += ",\"add_index\":\"";
  out += std::to_string(added->add_index);
  out += "\",\"payment_addr\":";
  append_json_string(out, grpc::base64(added->payment_secret));
  out += '}';
  return grpc::ok_response(std::move(out));
}

Reply LndApi::lookup_invoice(const Call& call) const {
  auto raw = percent_decode(call.path.substr(std::string_view("/v1/invoice/").size()), false);
  if (!raw) return grpc::error_response(invalid_argument("type mismatch, parameter: r_hash_str"));
  Bytes hash_bytes;
  if (!raw->empty()) {
    if (auto err = from_hex(*raw); !err) {
      // hex.DecodeString's messages.
      for (const char c : *raw) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) {
          char buf[64];
          std::snprintf(buf, sizeof buf, "encoding/hex: invalid byte: U+%04X '%c'",
                        static_cast<unsigned>(static_cast<unsigned char>(c)), c);
          return grpc::error_response(unknown(buf));
        }
      }
      return grpc::error_response(unknown("encoding/hex: odd length hex string"));
    } else {
      hash_bytes = *err;
    }
  }
  if (!hash_bytes.empty() && hash_bytes.size() != 32) {
    return grpc::error_response(unknown("payment hash must be exactly 32 bytes, is instead " +
                                        std::to_string(hash_bytes.size())));
  }
  Hash32 hash{};
  std::copy(hash_bytes.begin(), hash_bytes.end(), hash.begin());
  auto invoice = ledger_.invoice(NodeKind::lnd, hash);
  if (!invoice) return grpc::error_response(Status{grpc::kNotFound, "unable to locate invoice"});
  return grpc::ok_response(lnd_invoice_json(*invoice, now_ms(), node_.chain()));
}

Reply LndApi::lookup_invoice_v2(const Call& call) const {
  const std::string_view target(call.request.target().data(), call.request.target().size());
  auto text = query_value(target, "payment_hash");
  if (!text) return grpc::error_response(invalid_argument("invoice ref must be set"));
  auto bytes = grpc::bytes_param(*text);
  if (!bytes) {
    return grpc::error_response(
        invalid_argument("parsing field \"payment_hash\": " + bytes.error()));
  }
  auto hash = make_hash(*bytes);
  if (!hash)
    return grpc::error_response(invalid_argument("unable to parse pay hash: " + hash.error()));
  auto invoice = ledger_.invoice(NodeKind::lnd, *hash);
  if (!invoice) return grpc::error_response(Status{grpc::kNotFound, "unable to locate invoice"});
  return grpc::ok_response(lnd_invoice_json(*invoice, now_ms(), node_.chain()));
}

Reply LndApi::subscribe_invoices(const Call& call) {
  const std::string_view target(call.request.target().data(), call.request.target().size());
  auto add_index = query_uint64(target, "add_index");
  if (!add_index) return grpc::error_stream(add_index.error());
  auto settle_index = query_uint64(target, "settle_index");
  if (!settle_index) return grpc::error_stream(settle_index.error());
  auto queue = std::make_shared<EventQueue>(call.ctx.executor, NodeKind::lnd, kInvoiceEvents);
  InvoiceBacklog backlog =
      ledger_.subscribe_with_backlog(queue, NodeKind::lnd, *add_index, *settle_index);
  CallContext& ctx = call.ctx;
  const Chain chain = node_.chain();
  return stream_of(
      [queue, backlog = std::move(backlog), &ctx, chain, last_add = *add_index,
       last_settle = *settle_index](ChunkWriter& out) mutable -> asio::awaitable<void> {
        // lnd's dispatchToClients: an add or settle already sent is not sent again.
        const auto fresh = [&](const InvoiceRecord& inv, EventKind kind) {
          if (kind == EventKind::invoice_added) {
            if (inv.add_index <= last_add) return false;
            last_add = inv.add_index;
          } else if (kind == EventKind::invoice_settled) {
            if (inv.settle_index <= last_settle) return false;
            last_settle = inv.settle_index;
          }
          return true;
        };
        for (const auto* list : {&backlog.adds, &backlog.settles}) {
          const EventKind kind =
              list == &backlog.adds ? EventKind::invoice_added : EventKind::invoice_settled;
          for (const auto& inv : *list) {
            if (!fresh(inv, kind)) continue;
            const std::string text = grpc::stream_line(lnd_invoice_json(inv, now_ms(), chain));
            if (!co_await out.write(text)) co_return;
          }
        }
        for (;;) {
          auto event = co_await queue->next(kForever, ctx.stop, *ctx.stopped);
          if (!event) co_return;
          if (!fresh(*event->invoice, event->kind)) continue;
          const std::string text =
              grpc::stream_line(lnd_invoice_json(*event->invoice, now_ms(), chain));
          if (!co_await out.write(text)) co_return;
        }
      });
}

Reply LndApi::subscribe_single_invoice(const Call& call) {
  auto bytes =
      path_bytes(call.path.substr(std::string_view("/v2/invoices/subscribe/").size()), "r_hash");
  if (!bytes) return grpc::error_stream(bytes.error());
  auto hash = make_hash(*bytes);
  if (!hash) return grpc::error_stream(unknown(hash.error()));
  auto queue = std::make_shared<EventQueue>(call.ctx.executor, NodeKind::lnd, kInvoiceEvents);
  ledger_.subscribe(queue);
  // Read after subscribing: an update in between is then both read and queued.
  auto current = ledger_.invoice(NodeKind::lnd, *hash);
  CallContext& ctx = call.ctx;
  const Chain chain = node_.chain();
  return stream_of(
      [queue, current, &ctx, chain, hash = *hash](ChunkWriter& out) -> asio::awaitable<void> {
        const auto final_state = [](const InvoiceRecord& inv) {
          return inv.status(now_ms()) != InvoiceStatus::open;
        };
        std::string last_state;
        if (current) {
          auto line = lnd_invoice_json(*current, now_ms(), chain);
          last_state = std::string(line["state"].as_string());
          const std::string text = grpc::stream_line(std::move(line));
          if (!co_await out.write(text)) co_return;
          if (final_state(*current)) co_return;
        }
        for (;;) {
          auto event = co_await queue->next(kForever, ctx.stop, *ctx.stopped);
          if (!event) co_return;
          if (event->invoice->payment_hash != hash) continue;
          auto line = lnd_invoice_json(*event->invoice, now_ms(), chain);
          const std::string state(line["state"].as_string());
          if (state == last_state) continue;
          last_state = state;
          const std::string text = grpc::stream_line(std::move(line));
          if (!co_await out.write(text)) co_return;
          if (final_state(*event->invoice)) co_return;
        }
      });
}

Reply LndApi::send_payment(const Call& call) {
  const grpc::Body* body = &call.body;
  const auto amt = body->int64("amt");
  const auto amt_msat = body->int64("amt_msat");
  const auto fee_sat = body->int64("fee_limit_sat");
  const auto fee_msat = body->int64("fee_limit_msat");
  const auto pay_req = body->string("payment_request");
  const auto no_inflight = body->boolean("no_inflight_updates");
  const auto allow_self = body->boolean("allow_self_payment");
  for (const Expected<std::int64_t, Status>* v : {&amt, &amt_msat, &fee_sat, &fee_msat}) {
    if (!*v) return grpc::error_stream(v->error());
  }
  if (!pay_req) return grpc::error_stream(pay_req.error());
  if (!no_inflight) return grpc::error_stream(no_inflight.error());
  if (!allow_self) return grpc::error_stream(allow_self.error());

  const auto fail = [](std::string message) {
    return grpc::error_stream(unknown(std::move(message)));
  };
  if (*fee_sat != 0 && *fee_msat != 0) return fail("sat and msat arguments are mutually exclusive");
  if (*fee_sat < 0 || *fee_msat < 0) return fail("amount cannot be negative");
  if (*amt != 0 && *amt_msat != 0) return fail("sat and msat arguments are mutually exclusive");
  if (*amt < 0 || *amt_msat < 0) return fail("amount cannot be negative");
  if (pay_req->empty()) {
    return fail(body->has("dest") ? "lnsim: payments without a payment_request are not simulated"
                                  : "amount must be specified");
  }
  auto read = read_invoice(*pay_req);
  if (!read) return fail(std::string(bolt11::to_string(read.error())));
  const bolt11::Invoice& inv = read->invoice;
  if (inv.network != node_.chain().network) {
    return fail("invoice not for current active network '" +
                std::string(node_.chain().lnd_params_name()) + "'");
  }
  if (invoice_expired(inv, now_ms())) {
    return fail("invoice expired. Valid until " + grpc::go_time(invoice_expires_at(inv)));
  }
  const std::uint64_t requested =
      *amt != 0 ? static_cast<std::uint64_t>(*amt) * 1000 : static_cast<std::uint64_t>(*amt_msat);
  std::uint64_t amount_msat = 0;
  if (!inv.amount_msat) {
    if (requested == 0) return fail("amount must be specified when paying a zero amount invoice");
    amount_msat = requested;
  } else {
    if (requested != 0) {
      return fail("amount must not be specified when paying a non-zero amount invoice");
    }
    amount_msat = *inv.amount_msat;
  }
  // lnd's fee limit: 0 allows only fee-free routes, which nothing here is.
  const std::uint64_t fee_limit = *fee_sat != 0 ? static_cast<std::uint64_t>(*fee_sat) * 1000
                                                : static_cast<std::uint64_t>(*fee_msat);
  if (inv.payee == node_.id() && !*allow_self) return fail("self-payments not allowed");

  const PayResult result =
      ledger_.pay(pay_request(NodeKind::lnd, *read, amount_msat, fee_limit, *allow_self));
  if (result.kind == PayResult::Kind::already_paid) {
    return grpc::error_stream(Status{grpc::kAlreadyExists, "invoice is already paid"});
  }
  if (result.kind == PayResult::Kind::refused) return fail("self-payments not allowed");
  std::string lines;
  if (!*no_inflight)
    lines += grpc::stream_line(lnd_payment_json(result.payment, true, node_.chain()));
  lines += grpc::stream_line(lnd_payment_json(result.payment, false, node_.chain()));
  return stream_of([lines = std::move(lines)](ChunkWriter& out) -> asio::awaitable<void> {
    // One line per write, as the proxy flushes each message.
    std::string_view rest = lines;
    while (!rest.empty()) {
      const auto nl = rest.find('\n');
      if (!co_await out.write(rest.substr(0, nl + 1))) co_return;
      rest.remove_prefix(nl + 1);
    }
  });
}

Reply LndApi::track_payment(const Call& call) const {
  auto bytes =
      path_bytes(call.path.substr(std::string_view("/v2/router/track/").size()), "payment_hash");
  if (!bytes) return grpc::error_stream(bytes.error());
  auto hash = make_hash(*bytes);
  if (!hash) return grpc::error_stream(unknown(hash.error()));
  const auto payments = ledger_.payments_for(NodeKind::lnd, *hash);
  if (payments.empty()) {
    return grpc::error_stream(Status{grpc::kNotFound, "payment isn't initiated"});
  }
  // The payment the hash stands for: a success if there is one, else the latest.
  const PaymentRecord* chosen = &payments.back();
  for (const auto& p : payments) {
    if (p.status == PaymentStatus::succeeded) chosen = &p;
  }
  std::string line = grpc::stream_line(lnd_payment_json(*chosen, false, node_.chain()));
  return stream_of([line = std::move(line)](ChunkWriter& out) -> asio::awaitable<void> {
    co_await out.write(line);
  });
}

}  // namespace l402d::lnsim
