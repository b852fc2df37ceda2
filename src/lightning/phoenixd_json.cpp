#include "lightning/phoenixd_json.hpp"

#include <boost/json/object.hpp>
#include <cctype>

#include "bolt11/network_name.hpp"
#include "lightning/node_json.hpp"
#include "util/percent_encoding.hpp"
#include "util/text.hpp"

namespace l402d::lightning::phoenixd {

namespace json = boost::json;
using node_json::text;

namespace {

constexpr std::string_view kNode = "Phoenixd";

[[noreturn]] void bad_answer(std::string_view what) {
  node_json::answered_without(kNode, what);
}

// A phoenix.conf line's value for `key`, as phoenixd reads it (key=value).
std::optional<std::string_view> conf_value(std::string_view text, std::string_view key) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    const auto eq = line.find('=');
    if (eq != std::string_view::npos && trim_space(line.substr(0, eq)) == key)
      return trim_space(line.substr(eq + 1));
  }
  return std::nullopt;
}

}  // namespace

std::size_t utf16_length(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++n;  // a code point starts
    if (c >= 0xF0) ++n;           // beyond the BMP: a surrogate pair
  }
  return n;
}

std::string create_form(std::uint64_t amount_sats, std::string_view description,
                        std::uint32_t expiry_seconds) {
  return "description=" + util::percent_encoded(description, util::PercentStyle::form) +
         "&amountSat=" + std::to_string(amount_sats) +
         "&expirySeconds=" + std::to_string(expiry_seconds) + "&externalId=l402d";
}

CreatedInvoice parse_created(const std::string& body, std::int64_t now,
                             std::uint32_t expiry_seconds) {
  const auto o = node_json::parse_object(body, kNode);
  auto hash = node_json::hash_at(o, "paymentHash");
  if (!hash) bad_answer("a 32-byte paymentHash");
  auto serialized = text(o, "serialized");
  if (serialized.empty()) bad_answer("a serialized invoice");
  return CreatedInvoice{std::string(serialized), *hash, now + expiry_seconds};
}

InvoiceStatus parse_incoming(const std::string& body, std::int64_t now) {
  const auto o = node_json::parse_object(body, kNode);
  InvoiceStatus s;
  const auto requested = node_json::unsigned_at(o, "requestedSat");
  s.amount_msat = requested.value_or(node_json::unsigned_at(o, "receivedSat").value_or(0)) * 1000;
  const auto expires_at_ms = node_json::signed_at(o, "expiresAt");
  if (node_json::boolean(o, "isPaid").value_or(false)) {
    s.state = InvoiceState::settled;
    if (auto done = node_json::signed_at(o, "completedAt")) s.settled_at = *done / 1000;
    auto preimage = node_json::hash_at(o, "preimage");
    auto hash = node_json::hash_at(o, "paymentHash");
    if (hash && node_json::proves(preimage, *hash)) s.preimage = preimage;
  } else if (node_json::boolean(o, "isExpired").value_or(false) ||
             (expires_at_ms && now * 1000 >= *expires_at_ms)) {
    s.state = InvoiceState::expired;
  } else {
    s.state = InvoiceState::open;
  }
  return s;
}

NodeInfo parse_getinfo(const std::string& body) {
  const auto o = node_json::parse_object(body, kNode);
  NodeInfo info;
  info.pubkey = text(o, "nodeId");
  info.version = text(o, "version");
  const auto chain = text(o, "chain");
  // Testnet3's invoices are lntb, as testnet4's.
  info.network = bolt11::parse_network(chain == "testnet3" ? "testnet" : chain);
  if (info.pubkey.empty()) bad_answer("a nodeId in getinfo");
  return info;
}

std::optional<Hash32> received_payment(std::string_view message) {
  const auto o = node_json::try_object(message);
  if (!o || text(*o, "type") != "payment_received") return std::nullopt;
  return node_json::hash_at(*o, "paymentHash");
}

std::string api_password(const std::string& text) {
  if (auto limited = conf_value(text, "http-password-limited-access")) return std::string(*limited);
  if (conf_value(text, "http-password")) {
    throw BackendError(BackendErrorCode::unauthorized,
                       "the phoenixd password file has only http-password, which can pay; "
                       "l402d needs http-password-limited-access");
  }
  return std::string(trim_space(text));
}

}  // namespace l402d::lightning::phoenixd
