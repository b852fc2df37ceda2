#include "app/admin_command.hpp"

#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <iomanip>
#include <ostream>

#include "admin/admin_token.hpp"
#include "net/http_client.hpp"

namespace l402d::app {

namespace {

namespace json = boost::json;

struct Call {
  std::string method;
  std::string path;  // below /api/admin/, with its query
  std::string body;
};

std::string query_escaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Call call_of(const AdminCommand& c) {
  if (c.action == "services") return {"GET", "services", ""};
  if (c.action == "price") {
    return {"PATCH", "services/" + query_escaped(c.service),
            json::serialize(json::object{{"price_sats", c.price_sats}})};
  }
  if (c.action == "enable" || c.action == "disable") {
    return {"PATCH", "services/" + query_escaped(c.service),
            json::serialize(json::object{{"enabled", c.action == "enable"}})};
  }
  if (c.action == "revoke") return {"POST", "tokens/" + query_escaped(c.token_id) + "/revoke", ""};
  if (c.action == "revoke-service")
    return {"POST", "services/" + query_escaped(c.service) + "/revoke", ""};
  if (c.action == "revenue") return {"GET", "revenue?days=" + std::to_string(c.days), ""};
  std::string path = "tokens?limit=" + std::to_string(c.limit);
  if (!c.service.empty()) path += "&service=" + query_escaped(c.service);
  if (!c.state.empty()) path += "&state=" + query_escaped(c.state);
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
  if (c.action == "revoke") {
    out << "revoked " << json::value_to<std::string>(body.at("revoked")) << "\n";
    return;
  }
  out << "revoked " << body.at("revoked").to_number<std::uint64_t>() << " tokens of "
      << json::value_to<std::string>(body.at("service")) << "\n";
}

// The API's own error text, or the status when the body is not ours.
std::string error_text(const net::HttpResponse& r) {
  boost::system::error_code ec;
  const auto body = json::parse(r.body, ec);
  if (!ec && body.is_object()) {
    if (const auto* e = body.as_object().if_contains("error"); e && e->is_object()) {
      const auto& o = e->as_object();
      return json::value_to<std::string>(o.at("code")) + ": " +
             json::value_to<std::string>(o.at("message"));
    }
  }
  return "HTTP " + std::to_string(r.status);
}

}  // namespace

std::string admin_base_url(const Config& config, const std::string& url) {
  if (!url.empty()) return url.back() == '/' ? url.substr(0, url.size() - 1) : url;
  std::string host = config.server.host;
  if (host == "0.0.0.0" || host == "::") host = host == "::" ? "::1" : "127.0.0.1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return listen_scheme(config) + host + ":" + std::to_string(config.server.port);
}

int run_admin(const Config& config, const AdminCommand& c, std::ostream& out, std::ostream& err) {
  const auto token = admin::read_admin_token(config.data_dir);
  const auto call = call_of(c);
  net::HttpRequest req;
  req.method = call.method;
  req.url = admin_base_url(config, c.url) + "/api/admin/" + call.path;
  req.headers = {{"Authorization", "Bearer " + token}};
  if (!call.body.empty()) {
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = call.body;
  }
  req.timeout = std::chrono::seconds(30);
  // Our own listener: its certificate is the one to trust, whatever signed it.
  if (config.server.tls) req.pinned_cert_file = config.server.tls->cert_file;
  const auto res = net::perform(req);
  if (res.status != 200) {
    err << "error: " << error_text(res) << "\n";
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
