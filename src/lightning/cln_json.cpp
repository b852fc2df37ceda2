#include "lightning/cln_json.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>

#include "bolt11/network_name.hpp"
#include "lightning/node_json.hpp"
#include "util/hex.hpp"

namespace l402d::lightning::cln {

namespace json = boost::json;
using node_json::hash_at;
using node_json::text;

namespace {

constexpr std::string_view kNode = "Core Lightning";

[[noreturn]] void bad_answer(std::string_view what) {
  node_json::answered_without(kNode, what);
}

}  // namespace

std::optional<std::uint64_t> msat_at(const json::object& o, std::string_view key) {
  if (auto n = node_json::unsigned_at(o, key)) return n;
  auto s = text(o, key);
  if (!s.ends_with("msat")) return std::nullopt;
  s.remove_suffix(4);
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return n;
}

std::string invoice_params(const CreateInvoiceRequest& request, const std::string& label) {
  return json::serialize(json::object{{"amount_msat", request.amount_msat},
                                      {"label", label},
                                      {"description", request.description},
                                      {"expiry", request.expiry_seconds}});
}

CreatedInvoice parse_created(const std::string& body) {
  const auto o = node_json::parse_object(body, kNode);
  auto hash = hash_at(o, "payment_hash");
  if (!hash) bad_answer("a 32-byte payment_hash");
  auto bolt11 = text(o, "bolt11");
  if (bolt11.empty()) bad_answer("a bolt11");
  auto expires_at = node_json::signed_at(o, "expires_at");
  if (!expires_at) bad_answer("expires_at");
  return CreatedInvoice{std::string(bolt11), *hash, *expires_at};
}

std::string listinvoices_params(const Hash32& payment_hash) {
  return json::serialize(json::object{{"payment_hash", to_hex(ByteView(payment_hash))}});
}

std::optional<InvoiceStatus> parse_listed(const std::string& body, std::int64_t now) {
  const auto o = node_json::parse_object(body, kNode);
  const auto* invoices = o.if_contains("invoices");
  if (!invoices || !invoices->is_array()) bad_answer("an invoices list");
  for (const auto& invoice : invoices->as_array()) {
    if (invoice.is_object()) return parse_invoice(invoice.as_object(), now);
  }
  return std::nullopt;
}

std::optional<Hash32> invoice_hash(const json::object& invoice) {
  return hash_at(invoice, "payment_hash");
}

std::optional<std::uint64_t> pay_index(const json::object& invoice) {
  return node_json::unsigned_at(invoice, "pay_index");
}

InvoiceStatus parse_invoice(const json::object& invoice, std::int64_t now) {
  InvoiceStatus s;
  // Absent for an any-amount invoice (never ours): what was received then.
  s.amount_msat = msat_at(invoice, "amount_msat")
                      .value_or(msat_at(invoice, "amount_received_msat").value_or(0));
  const auto status = text(invoice, "status");
  const auto expires_at = node_json::signed_at(invoice, "expires_at");
  if (status == "paid") {
    s.state = InvoiceState::settled;
    s.settled_at = node_json::signed_at(invoice, "paid_at");
    auto preimage = hash_at(invoice, "payment_preimage");
    auto hash = invoice_hash(invoice);
    if (hash && node_json::proves(preimage, *hash)) s.preimage = preimage;
  } else if (status == "expired" || (expires_at && now >= *expires_at)) {
    s.state = InvoiceState::expired;
  } else {
    s.state = InvoiceState::open;
  }
  return s;
}

std::string waitanyinvoice_params(std::uint64_t lastpay_index, std::uint64_t timeout_seconds) {
  return json::serialize(
      json::object{{"lastpay_index", lastpay_index}, {"timeout", timeout_seconds}});
}

NodeInfo parse_getinfo(const std::string& body) {
  const auto o = node_json::parse_object(body, kNode);
  NodeInfo info;
  info.pubkey = text(o, "id");
  info.alias = text(o, "alias");
  info.version = text(o, "version");
  info.network = bolt11::parse_network(text(o, "network"));
  if (info.pubkey.empty()) bad_answer("an id in getinfo");
  return info;
}

RpcError parse_error(const std::string& body) {
  RpcError e;
  if (auto o = node_json::try_object(body)) {
    e.code = node_json::signed_at(*o, "code");
    e.message = text(*o, "message");
    if (!e.message.empty()) return e;
  }
  e.message = body.substr(0, 200);
  return e;
}

}  // namespace l402d::lightning::cln
