#include "app/admin_command.hpp"

#include <boost/json.hpp>
#include <iomanip>
#include <ostream>

#include "app/admin_client.hpp"
#include "util/percent_encoding.hpp"

namespace l402d::app {

namespace {

namespace json = boost::json;

struct Call {
  std::string method;
  std::string path;  // below /api/admin/, with its query
  std::string body;
};

Call call_of(const AdminCommand& c) {
  if (c.action == "services") return {"GET", "services", ""};
  if (c.action == "price") {
    return {"PATCH", "services/" + util::percent_encoded(c.service),
            json::serialize(json::object{{"price_sats", c.price_sats}})};
  }
  if (c.action == "enable" || c.action == "disable") {
    return {"PATCH", "services/" + util::percent_encoded(c.service),
            json::serialize(json::object{{"enabled", c.action == "enable"}})};
  }
  if (c.action == "revoke")
    return {"POST", "tokens/" + util::percent_encoded(c.token_id) + "/revoke", ""};
  if (c.action == "revoke-service")
    return {"POST", "services/" + util::percent_encoded(c.service) + "/revoke", ""};
  if (c.action == "revenue") return {"GET", "revenue?days=" + std::to_string(c.days), ""};
  if (c.action == "invoices" || c.action == "failures") {
    std::string path = c.action + "?limit=" + std::to_string(c.limit);
    if (!c.service.empty()) path += "&service=" + util::percent_encoded(c.service);
    return {"GET", path, ""};
  }
  std::string path = "tokens?limit=" + std::to_string(c.limit);
  if (!c.service.empty()) path += "&service=" + util::percent_encoded(c.service);
  if (!c.state.empty()) path += "&state=" + util::percent_encoded(c.state);
  return {"GET", path, ""};
}

void print_service(std::ostream& out, const json::object& s) {
  out << std::left << std::setw(16) << json::value_to<std::string>(s.at("name")) << std::right
      << std::setw(8) << s.at("price_sats").to_number<std::uint64_t>() << " sats  " << std::left
      << std::setw(9) << (s.at("enabled").as_bool() ? "enabled" : "DISABLED") << std::setw(9)
      << json::value_to<std::string>(s.at("kind")) << json::value_to<std::string>(s.at("path"))
      << (s.at("price_overridden").as_bool() ? "  (price set by admin)" : "") << "\n";
}

void print_services(std::ostream& out, const json::object& body) {
  for (const auto& s : body.at("services").as_array())
    print_service(out, s.as_object());
}

void print_tokens(std::ostream& out, const json::object& body) {
  const auto& tokens = body.at("tokens").as_array();
  if (tokens.empty()) out << "no tokens\n";
  for (const auto& v : tokens) {
    const auto& t = v.as_object();
    out << json::value_to<std::string>(t.at("id")) << "  " << std::left << std::setw(12)
        << json::value_to<std::string>(t.at("service")) << std::setw(12)
        << json::value_to<std::string>(t.at("state")) << std::right << std::setw(8)
        << t.at("price_sats").to_number<std::uint64_t>() << " sats  created "
        << t.at("created_at").to_number<std::int64_t>() << "\n";
  }
}

void print_invoices(std::ostream& out, const json::object& body) {
  const auto& invoices = body.at("invoices").as_array();
  if (invoices.empty()) out << "no invoices awaiting payment (this instance)\n";
  for (const auto& v : invoices) {
    const auto& i = v.as_object();
    out << json::value_to<std::string>(i.at("payment_hash")) << "  " << std::left << std::setw(12)
        << json::value_to<std::string>(i.at("service")) << std::right << std::setw(8)
        << i.at("amount_sats").to_number<std::uint64_t>() << " sats  expires "
        << i.at("expires_at").to_number<std::int64_t>() << "\n";
  }
}

void print_failures(std::ostream& out, const json::object& body) {
  const auto& failures = body.at("failures").as_array();
  if (failures.empty()) out << "no failed tokens awaiting a retry\n";
  for (const auto& v : failures) {
    const auto& t = v.as_object();
    out << json::value_to<std::string>(t.at("id")) << "  " << std::left << std::setw(12)
        << json::value_to<std::string>(t.at("service")) << std::right << std::setw(3)
        << t.at("attempts").to_number<int>() << " attempts  "
        << json::value_to<std::string>(t.at("last_error")) << "\n";
  }
}

void print_revenue(std::ostream& out, const json::object& body) {
  out << "last " << body.at("days").to_number<int>() << " days (UTC, since "
      << json::value_to<std::string>(body.at("since")) << ")\n";
  for (const auto& v : body.at("rows").as_array()) {
    const auto& r = v.as_object();
    out << json::value_to<std::string>(r.at("day")) << "  " << std::left << std::setw(12)
        << json::value_to<std::string>(r.at("service")) << std::right << std::setw(10)
        << r.at("earned_sats").to_number<std::uint64_t>() << " sats  paid "
        << r.at("paid").to_number<std::uint64_t>() << ", redeemed "
        << r.at("redeemed").to_number<std::uint64_t>() << ", failed "
        << r.at("failed").to_number<std::uint64_t>() << "\n";
  }
  const auto& t = body.at("totals").as_object();
  out << "total       " << t.at("earned_sats").to_number<std::uint64_t>() << " sats from "
      << t.at("paid").to_number<std::uint64_t>() << " paid tokens\n";
}

void print_human(std::ostream& out, const AdminCommand& c, const json::object& body) {
  if (c.action == "services") return print_services(out, body);
  if (c.action == "price" || c.action == "enable" || c.action == "disable")
    return print_service(out, body);
  if (c.action == "tokens") return print_tokens(out, body);
  if (c.action == "revenue") return print_revenue(out, body);
  if (c.action == "invoices") return print_invoices(out, body);
  if (c.action == "failures") return print_failures(out, body);
  if (c.action == "revoke") {
    out << "revoked " << json::value_to<std::string>(body.at("revoked")) << "\n";
    return;
  }
  out << "revoked " << body.at("revoked").to_number<std::uint64_t>() << " tokens of "
      << json::value_to<std::string>(body.at("service")) << "\n";
}

}  // namespace

int run_admin(const Config& config, const AdminCommand& c, std::ostream& out, std::ostream& err) {
  const auto call = call_of(c);
  const auto res = admin_call(config, c.url, call.method, call.path, call.body);
  if (res.status != 200) {
    err << "error: " << admin_error_text(res) << "\n";
    return 1;
  }
  if (c.json) {
    out << res.body << "\n";
    return 0;
  }
  print_human(out, c, json::parse(res.body).as_object());
  return 0;
}

}  // namespace l402d::app
