#include "admin/admin_json.hpp"

#include <chrono>
#include <cstdio>

#include "util/hex.hpp"

namespace l402d::admin {

namespace json = boost::json;

std::string utc_date(std::int64_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

json::object service_json(const ServiceView& s) {
  return {{"name", s.facts.name},
          {"path", s.facts.path},
          {"kind", s.facts.kind},
          {"redemption", s.facts.redemption},
          {"price_sats", s.price_sats()},
          {"configured_price_sats", s.facts.price_sats},
          {"price_overridden", s.price_override.has_value()},
          {"priced_per_request", s.facts.priced_per_request && !s.price_override},
          {"enabled", s.enabled}};
}

json::object token_json(const store::TokenRecord& t) {
  return {{"id", to_hex(t.token_id)},           {"service", t.service},
          {"state", store::to_string(t.state)}, {"price_sats", t.price_msat / 1000},
          {"price_msat", t.price_msat},         {"attempts", t.attempts},
          {"created_at", t.created_at},         {"updated_at", t.updated_at},
          {"last_error", t.last_error}};
}

json::object invoice_json(const gateway::OpenChallenge& c) {
  json::array rails;
  if (c.rails & gateway::rail_l402) rails.emplace_back("l402");
  if (c.rails & gateway::rail_mpp) rails.emplace_back("mpp");
  if (c.rails & gateway::rail_x402) rails.emplace_back("x402");
  return {{"payment_hash", to_hex(c.payment_hash)},
          {"service", c.service},
          {"amount_sats", c.price_msat / 1000},
          {"amount_msat", c.price_msat},
          {"rails", std::move(rails)},
          {"created_at", c.created_at},
          {"expires_at", c.expires_at}};
}

namespace {

struct Totals {
  std::uint64_t earned_msat = 0, recorded = 0, paid = 0, redeemed = 0, failed = 0;
  void add(const store::RevenueDay& d) {
    earned_msat += d.earned_msat;
    recorded += d.recorded;
    paid += d.paid;
    redeemed += d.redeemed;
    failed += d.failed;
  }
};

json::object counts_json(std::uint64_t earned_msat, std::uint64_t recorded, std::uint64_t paid,
                         std::uint64_t redeemed, std::uint64_t failed) {
  return {{"earned_sats", earned_msat / 1000},
          {"earned_msat", earned_msat},
          {"recorded", recorded},
          {"paid", paid},
          {"redeemed", redeemed},
          {"failed", failed}};
}

}  // namespace

json::object revenue_json(const std::vector<store::RevenueDay>& rows, int days,
                          std::int64_t since) {
  json::array out;
  Totals totals;
  for (const auto& d : rows) {
    json::object row{{"day", utc_date(d.day)}, {"service", d.service}};
    for (const auto& field : counts_json(d.earned_msat, d.recorded, d.paid, d.redeemed, d.failed))
      row.emplace(field.key(), field.value());
    out.push_back(std::move(row));
    totals.add(d);
  }
  return {{"days", days},
          {"since", utc_date(since / 86400)},
          {"rows", std::move(out)},
          {"totals", counts_json(totals.earned_msat, totals.recorded, totals.paid, totals.redeemed,
                                 totals.failed)}};
}

}  // namespace l402d::admin
