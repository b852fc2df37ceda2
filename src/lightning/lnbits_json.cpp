#include "lightning/lnbits_json.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdlib>

#include "lightning/node_json.hpp"

namespace l402d::lightning::lnbits {

namespace json = boost::json;
using node_json::text;

namespace {

constexpr std::string_view kNode = "LNbits";

[[noreturn]] void bad_answer(std::string_view what) {
  node_json::answered_without(kNode, what);
}

// Howard Hinnant's days_from_civil: days since 1970-01-01.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t count) {
  if (pos + count > s.size()) return std::nullopt;
  int n = 0;
  auto [end, ec] = std::from_chars(s.data() + pos, s.data() + pos + count, n);
  if (ec != std::errc() || end != s.data() + pos + count) return std::nullopt;
  return n;
}

// Seconds east of UTC from "Z", "+HH:MM", "-HHMM" or nothing (UTC).
std::optional<std::int64_t> zone_offset(std::string_view zone) {
  if (zone.empty() || zone == "Z") return 0;
  if (zone.front() != '+' && zone.front() != '-') return std::nullopt;
  const auto hours = digits(zone, 1, 2);
  const auto minutes = digits(zone, zone.size() == 6 ? 4 : 3, 2);
  if (!hours || !minutes || (zone.size() != 6 && zone.size() != 5)) return std::nullopt;
  const std::int64_t offset = *hours * 3600 + *minutes * 60;
  return zone.front() == '-' ? -offset : offset;
}

// A time field: ISO text (v1) or unix seconds (v0.12).
std::optional<std::int64_t> time_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  if (v->is_string()) return unix_time(v->as_string());
  return node_json::signed_at(o, key);
}

const json::object* details_of(const json::object& o) {
  const auto* d = o.if_contains("details");
  return d && d->is_object() ? &d->as_object() : nullptr;
}

}  // namespace

std::optional<std::int64_t> unix_time(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS
  const auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
  const auto h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (!y || !mo || !d || !h || !mi || !sec || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
    return std::nullopt;
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59 || *sec > 60)
    return std::nullopt;
  auto rest = s.substr(19);
  if (rest.starts_with('.')) {
    std::size_t n = 1;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9')
      ++n;
    rest.remove_prefix(n);
  }
  const auto offset = zone_offset(rest);
  if (!offset) return std::nullopt;
  return days_from_civil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d)) * 86400 +
         *h * 3600 + *mi * 60 + *sec - *offset;
}

std::size_t code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8)
    n += (c & 0xC0) != 0x80;
  return n;
}

std::string create_body(std::uint64_t amount_sats, const std::string& memo,
                        std::uint32_t expiry_seconds) {
  return json::serialize(json::object{{"out", false},
                                      {"amount", amount_sats},
                                      {"memo", memo},
                                      {"expiry", expiry_seconds},
                                      {"unit", "sat"}});
}

CreatedInvoice parse_created(const std::string& body, std::int64_t now,
                             std::uint32_t expiry_seconds) {
  const auto o = node_json::parse_object(body, kNode);
  auto hash = node_json::hash_at(o, "payment_hash");
  if (!hash) bad_answer("a 32-byte payment_hash");
  auto bolt11 = text(o, "bolt11");
  if (bolt11.empty()) bolt11 = text(o, "payment_request");
  if (bolt11.empty()) bad_answer("a bolt11 or payment_request");
  return CreatedInvoice{std::string(bolt11), *hash, now + expiry_seconds};
}

InvoiceStatus parse_payment(const std::string& body, const Hash32& payment_hash, std::int64_t now) {
  const auto o = node_json::parse_object(body, kNode);
  const auto* details = details_of(o);
  InvoiceStatus s;
  if (details) {
    const auto amount = node_json::signed_at(*details, "amount").value_or(0);
    s.amount_msat = static_cast<std::uint64_t>(amount < 0 ? -amount : amount);
  }
  const auto expires_at = details ? time_at(*details, "expiry") : std::nullopt;
  const bool past_expiry = expires_at && now >= *expires_at;
  if (node_json::boolean(o, "paid").value_or(false)) {
    s.state = InvoiceState::settled;
    if (details) s.settled_at = time_at(*details, "updated_at");
    auto preimage = node_json::hash_at(o, "preimage");
    if (node_json::proves(preimage, payment_hash)) s.preimage = preimage;
  } else if (text(o, "status") == "failed") {
    s.state = past_expiry ? InvoiceState::expired : InvoiceState::cancelled;
  } else {
    s.state = past_expiry ? InvoiceState::expired : InvoiceState::open;
  }
  return s;
}

NodeInfo parse_wallet(const std::string& body) {
  const auto o = node_json::parse_object(body, kNode);
  NodeInfo info;
  info.alias = text(o, "name");
  return info;
}

std::optional<Hash32> notified_payment(std::string_view message) {
  const auto o = node_json::try_object(message);
  const auto* payment = o ? o->if_contains("payment") : nullptr;
  if (!payment || !payment->is_object()) return std::nullopt;
  // Outgoing payments carry a negative amount.
  if (node_json::signed_at(payment->as_object(), "amount").value_or(0) < 0) return std::nullopt;
  return node_json::hash_at(payment->as_object(), "payment_hash");
}

std::string error_text(const std::string& body) {
  if (auto o = node_json::try_object(body)) {
    const auto* detail = o->if_contains("detail");
    if (detail && detail->is_string()) return std::string(detail->as_string());
    if (detail && detail->is_array()) {
      std::string all;
      for (const auto& item : detail->as_array()) {
        if (!item.is_object()) continue;
        if (auto msg = text(item.as_object(), "msg"); !msg.empty())
          all += (all.empty() ? "" : "; ") + std::string(msg);
      }
      if (!all.empty()) return all;
    }
  }
  return body.substr(0, 200);
}

}  // namespace l402d::lightning::lnbits
