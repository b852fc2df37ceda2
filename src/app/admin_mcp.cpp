#include "app/admin_mcp.hpp"

#include <boost/json.hpp>
#include <istream>
#include <ostream>
#include <vector>

#include "app/admin_client.hpp"
#include "mcp/protocol_version.hpp"
#include "util/expected.hpp"
#include "util/percent_encoding.hpp"

namespace l402d::app {

namespace {

namespace json = boost::json;

constexpr std::string_view kInstructions =
    "Tools for the operator of this l402d server (pay-per-request APIs over Bitcoin Lightning): "
    "list_services and set_service for prices and switches, revenue, list_tokens, "
    "invoices_awaiting_payment and failed_jobs to see how sales go, status for the server's "
    "health. revoke_token and revoke_service_tokens refuse tokens buyers have paid for: ask "
    "the operator first.";

struct AdminRequest {
  std::string method;
  std::string path;
  std::string body;
};
using Built = Expected<AdminRequest, std::string>;  // the error: what to correct

struct ToolSpec {
  std::string_view name;
  std::string_view title;
  std::string_view description;
  json::object properties;
  std::vector<std::string_view> required;
  bool read_only;
  bool destructive;
  std::function<Built(const json::object&)> build;
};

std::optional<std::string> text_arg(const json::object& a, std::string_view key) {
  const auto* v = a.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::optional<std::int64_t> number_arg(const json::object& a, std::string_view key) {
  const auto* v = a.if_contains(key);
  if (!v || !v->is_int64() || v->get_int64() < 0) return std::nullopt;
  return v->get_int64();
}

// "?k=v&..." of the arguments given, strings and whole numbers alike.
std::string query_of(const json::object& a, std::initializer_list<std::string_view> keys) {
  std::string q;
  for (const auto key : keys) {
    std::string value;
    if (auto text = text_arg(a, key))
      value = *text;
    else if (auto n = number_arg(a, key))
      value = std::to_string(*n);
    else
      continue;
    q += (q.empty() ? "?" : "&") + std::string(key) + "=" + util::percent_encoded(value);
  }
  return q;
}

json::object prop(std::string_view type, std::string_view what) {
  return {{"type", type}, {"description", what}};
}

Built service_call(const json::object& a, const std::string& method, const std::string& tail,
                   std::string body = {}) {
  const auto service = text_arg(a, "service");
  if (!service || service->empty()) return unexpected(std::string("Give the service's name."));
  return AdminRequest{method, "services/" + util::percent_encoded(*service) + tail,
                      std::move(body)};
}

Built set_service(const json::object& a) {
  json::object change;
  if (const auto* p = a.if_contains("price_sats")) {
    if (!p->is_int64() || p->get_int64() < 0)
      return unexpected(std::string("price_sats is a whole number of satoshis."));
    change["price_sats"] = p->get_int64();
  }
  if (const auto* e = a.if_contains("enabled")) {
    if (!e->is_bool()) return unexpected(std::string("enabled is true or false."));
    change["enabled"] = e->get_bool();
  }
  if (change.empty()) return unexpected(std::string("Give price_sats and/or enabled."));
  return service_call(a, "PATCH", "", json::serialize(change));
}

Built revoke_token(const json::object& a) {
  const auto id = text_arg(a, "token_id");
  if (!id || id->empty()) return unexpected(std::string("Give the token's id (64 hex digits)."));
  return AdminRequest{"POST", "tokens/" + util::percent_encoded(*id) + "/revoke", {}};
}

json::object list_filters() {
  return {{"service", prop("string", "only this service")},
          {"limit", prop("integer", "at most this many (default 100, at most 1000)")}};
}

std::vector<ToolSpec> make_specs() {
  std::vector<ToolSpec> s;
  s.push_back({"list_services",
               "Services",
               "Every service with its price, whether it is sold, "
               "its kind and path.",
               {},
               {},
               true,
               false,
               [](const json::object&) -> Built {
                 return AdminRequest{"GET", "services", {}};
               }});
  s.push_back({"set_service",
               "Change a service",
               "Set a service's price (satoshis) and/or switch its sale on or off, live at every "
               "instance.",
               {{"service", prop("string", "the service's name")},
                {"price_sats", prop("integer", "the new price in satoshis")},
                {"enabled", prop("boolean", "false: stop selling it (503 service_disabled)")}},
               {"service"},
               false,
               false,
               set_service});
  s.push_back({"revoke_service_tokens",
               "Revoke a service's tokens",
               "Revoke every token of a service at every instance: buyers who paid must pay again.",
               {{"service", prop("string", "the service's name")}},
               {"service"},
               false,
               true,
               [](const json::object& a) { return service_call(a, "POST", "/revoke"); }});
  s.push_back(
      {"list_tokens",
       "Tokens",
       "Tokens in the ledger, newest first.",
       {{"service", prop("string", "only this service")},
        {"state", prop("string", "issued, paid, in_progress, redeemed or failed")},
        {"since", prop("integer", "created at or after (unix seconds)")},
        {"until", prop("integer", "created before (unix seconds)")},
        {"limit", prop("integer", "at most this many (default 100, at most 1000)")}},
       {},
       true,
       false,
       [](const json::object& a) -> Built {
         return AdminRequest{
             "GET", "tokens" + query_of(a, {"service", "state", "since", "until", "limit"}), {}};
       }});
  s.push_back({"revoke_token",
               "Revoke a token",
               "Revoke one token at every instance: its buyer must pay again.",
               {{"token_id", prop("string", "the token's id, 64 hex digits")}},
               {"token_id"},
               false,
               true,
               revoke_token});
  s.push_back({"revenue",
               "Revenue",
               "Sats earned and token counts per service per UTC day.",
               {{"days", prop("integer", "today and the days before (default 30)")}},
               {},
               true,
               false,
               [](const json::object& a) -> Built {
                 return AdminRequest{"GET", "revenue" + query_of(a, {"days"}), {}};
               }});
  s.push_back({"invoices_awaiting_payment",
               "Invoices awaiting payment",
               "This instance's unexpired, unpaid invoices (kept in memory), newest first.",
               list_filters(),
               {},
               true,
               false,
               [](const json::object& a) -> Built {
                 return AdminRequest{"GET", "invoices" + query_of(a, {"service", "limit"}), {}};
               }});
  s.push_back({"failed_jobs",
               "Failed jobs",
               "Paid tokens whose work failed and which the buyer can still retry, with the "
               "error and the attempts.",
               list_filters(),
               {},
               true,
               false,
               [](const json::object& a) -> Built {
                 return AdminRequest{"GET", "failures" + query_of(a, {"service", "limit"}), {}};
               }});
  s.push_back({"status",
               "Status",
               "The server's state at a glance (GET /api/admin/status).",
               {},
               {},
               true,
               false,
               [](const json::object&) -> Built {
                 return AdminRequest{"GET", "status", {}};
               }});
  return s;
}

const std::vector<ToolSpec>& specs() {
  static const auto all = make_specs();
  return all;
}

json::object tool_json(const ToolSpec& t) {
  json::array required;
  for (const auto r : t.required)
    required.emplace_back(r);
  json::object schema{{"type", "object"}, {"properties", t.properties}};
  if (!required.empty()) schema["required"] = std::move(required);
  return {{"name", t.name},
          {"title", t.title},
          {"description", t.description},
          {"inputSchema", std::move(schema)},
          {"annotations",
           {{"title", t.title},
            {"readOnlyHint", t.read_only},
            {"destructiveHint", t.destructive},
            {"idempotentHint", true},
            {"openWorldHint", false}}}};
}

json::object text_result(std::string text, bool error) {
  return {{"content", json::array{json::object{{"type", "text"}, {"text", std::move(text)}}}},
          {"isError", error}};
}

// The API's answer as the tool's: its JSON as text, and as structured
// content where the revision has it; an error status is the tool's error.
json::object answer_of(const net::HttpResponse& r, std::string_view revision) {
  const bool ok = r.status >= 200 && r.status < 300;
  auto result = text_result(r.body.empty() ? admin_error_text(r) : r.body, !ok);
  boost::system::error_code ec;
  auto parsed = json::parse(r.body, ec);
  if (!ec && parsed.is_object() && mcp::has_resource_links(revision))
    result["structuredContent"] = std::move(parsed.as_object());
  return result;
}

}  // namespace

json::array AdminTools::list() const {
  json::array out;
  for (const auto& t : specs())
    out.push_back(tool_json(t));
  return out;
}

std::optional<json::object> AdminTools::call(std::string_view name, const json::object& arguments,
                                             std::string_view revision) {
  for (const auto& t : specs()) {
    if (t.name != name) continue;
    const auto built = t.build(arguments);
    if (!built) return text_result(built.error(), true);
    try {
      return answer_of(call_(built->method, built->path, built->body), revision);
    } catch (const std::exception& e) {
      // The server is down or unreachable: a tool error the agent can report.
      return text_result(std::string("The admin API could not be reached: ") + e.what(), true);
    }
  }
  return std::nullopt;
}

int run_admin_mcp(const Config& config, const std::string& url, std::istream& in, std::ostream& out,
                  std::ostream& err) {
  AdminTools tools(
      [&config, url](const std::string& method, const std::string& path, const std::string& body) {
        return admin_call(config, url, method, path, body);
      });
  err << "l402d admin mcp: serving MCP on stdio for " << admin_base_url(config, url) << "\n";
  mcp::StdioServer server(
      tools, {"l402d-admin", "l402d admin", L402D_VERSION, std::string(kInstructions)}, err);
  server.run(in, out);
  return 0;
}

}  // namespace l402d::app
