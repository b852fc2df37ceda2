#include "lightning/lnd_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "bolt11/network_name.hpp"
#include "lightning/node_json.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lightning::lnd {

namespace json = boost::json;

namespace {

[[noreturn]] void bad_answer(std::string_view what) {
  node_json::answered_without("LND", what);
}

json::object parse_object(const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) bad_answer("a JSON object");
  return std::move(v.as_object());
}

std::string_view text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}

// int64/uint64 fields: strings in LND's JSON, numbers accepted.
std::int64_t integer(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return 0;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (!v->is_string()) return 0;
  std::int64_t n = 0;
  const auto s = std::string_view(v->as_string());
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

std::optional<Hash32> bytes32(const json::object& o, std::string_view key) {
  auto decoded = base64_decode(text(o, key));
  if (!decoded || decoded->size() != 32) return std::nullopt;
  Hash32 out{};
  std::copy(decoded->begin(), decoded->end(), out.begin());
  return out;
}

}  // namespace

std::string add_invoice_body(const CreateInvoiceRequest& request) {
  return json::serialize(json::object{{"value_msat", std::to_string(request.amount_msat)},
                                      {"memo", request.description},
                                      {"expiry", std::to_string(request.expiry_seconds)}});
}

CreatedInvoice parse_add_invoice(const std::string& body, std::int64_t now,
                                 std::uint32_t expiry_seconds) {
  const auto o = parse_object(body);
  auto hash = bytes32(o, "r_hash");
  if (!hash) bad_answer("a 32-byte r_hash");
  auto request = text(o, "payment_request");
  if (request.empty()) bad_answer("a payment_request");
  return CreatedInvoice{std::string(request), *hash, now + expiry_seconds};
}

std::optional<Hash32> invoice_hash(const json::object& invoice) {
  return bytes32(invoice, "r_hash");
}

InvoiceStatus parse_invoice(const json::object& invoice, std::int64_t now) {
  InvoiceStatus s;
  s.amount_msat = static_cast<std::uint64_t>(integer(invoice, "value_msat"));
  const auto state = text(invoice, "state");
  const auto expires_at = integer(invoice, "creation_date") + integer(invoice, "expiry");
  const bool past_expiry = now >= expires_at;
  if (state == "SETTLED") {
    s.state = InvoiceState::settled;
    s.settled_at = integer(invoice, "settle_date");
    auto preimage = bytes32(invoice, "r_preimage");
    auto hash = invoice_hash(invoice);
    if (preimage && hash && sha256(*preimage) == *hash) s.preimage = preimage;
  } else if (state == "CANCELED") {
    s.state = past_expiry ? InvoiceState::expired : InvoiceState::cancelled;
  } else {
    // OPEN, and ACCEPTED (held HTLCs of a hold invoice, which we never make).
    s.state = past_expiry ? InvoiceState::expired : InvoiceState::open;
  }
  return s;
}

NodeInfo parse_getinfo(const std::string& body) {
  const auto o = parse_object(body);
  NodeInfo info;
  info.alias = text(o, "alias");
  info.pubkey = text(o, "identity_pubkey");
  info.version = text(o, "version");
  if (const auto* chains = o.if_contains("chains"); chains && chains->is_array()) {
    const auto& list = chains->as_array();
    if (!list.empty() && list[0].is_object()) {
      info.network = bolt11::parse_network(text(list[0].as_object(), "network"));
    }
  }
  if (info.pubkey.empty()) bad_answer("an identity_pubkey in getinfo");
  return info;
}

std::string error_text(const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (!ec && v.is_object()) {
    // Streams wrap the status: {"error": {...}}.
    const auto* inner = v.as_object().if_contains("error");
    const auto& o = inner && inner->is_object() ? inner->as_object() : v.as_object();
    if (auto m = text(o, "message"); !m.empty()) return std::string(m);
  }
  return body.substr(0, 200);
}

std::string base64url(const Hash32& hash) {
  auto s = base64_encode(ByteView(hash));
  for (auto& c : s) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return s;
}

}  // namespace l402d::lightning::lnd
