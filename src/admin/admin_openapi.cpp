#include "admin/admin_openapi.hpp"

#include <boost/json.hpp>

namespace l402d::admin {

namespace {

namespace json = boost::json;

json::object ref(std::string_view name) {
  return {{"$ref", "#/components/schemas/" + std::string(name)}};
}

json::object int_prop() {
  return {{"type", "integer"}};
}
json::object str_prop() {
  return {{"type", "string"}};
}
json::object bool_prop() {
  return {{"type", "boolean"}};
}

json::object object_of(json::object properties) {
  json::array required;
  for (const auto& p : properties)
    required.push_back(json::string(p.key()));
  return {
      {"type", "object"}, {"required", std::move(required)}, {"properties", std::move(properties)}};
}

json::object service_schema() {
  return object_of(
      {{"name", str_prop()},
       {"path", str_prop()},
       {"kind", {{"type", "string"}, {"enum", json::array{"engine", "upstream"}}}},
       {"redemption", {{"type", "string"}, {"enum", json::array{"single_use", "reusable"}}}},
       {"price_sats", int_prop()},
       {"configured_price_sats", int_prop()},
       {"price_overridden", bool_prop()},
       {"priced_per_request", bool_prop()},
       {"enabled", bool_prop()}});
}

json::object token_schema() {
  return object_of(
      {{"id", str_prop()},
       {"service", str_prop()},
       {"state",
        {{"type", "string"},
         {"enum", json::array{"issued", "paid", "in_progress", "redeemed", "failed"}}}},
       {"price_sats", int_prop()},
       {"price_msat", int_prop()},
       {"attempts", int_prop()},
       {"created_at", int_prop()},
       {"updated_at", int_prop()},
       {"last_error", str_prop()}});
}

json::object counts_schema(bool per_day) {
  json::object p{{"earned_sats", int_prop()}, {"earned_msat", int_prop()}, {"recorded", int_prop()},
                 {"paid", int_prop()},        {"redeemed", int_prop()},    {"failed", int_prop()}};
  if (per_day) {
    p["day"] = str_prop();
    p["service"] = str_prop();
  }
  return object_of(std::move(p));
}

json::object revenue_schema() {
  return object_of({{"days", int_prop()},
                    {"since", str_prop()},
                    {"rows", {{"type", "array"}, {"items", ref("AdminRevenueDay")}}},
                    {"totals", ref("AdminRevenueTotals")}});
}

json::object status_schema() {
  return object_of({{"backend", str_prop()},
                    {"network", str_prop()},
                    {"node_id", str_prop()},
                    {"version", str_prop()},
                    {"started_at", int_prop()}});
}

json::object answer(json::object schema) {
  return {{"200",
           {{"description", "OK"},
            {"content", {{"application/json", {{"schema", std::move(schema)}}}}}}},
          {"400", {{"description", "admin_invalid_request"}}},
          {"401", {{"description", "admin_unauthorized: no or wrong bearer token"}}},
          {"403", {{"description", "admin_forbidden_remote: not loopback and no TLS"}}},
          {"404", {{"description", "admin_service_unknown or admin_token_unknown"}}},
          {"503", {{"description", "store_unavailable"}}}};
}

json::object query(std::string_view name, std::string_view type, std::string_view what) {
  return {{"name", name},
          {"in", "query"},
          {"required", false},
          {"description", what},
          {"schema", {{"type", type}}}};
}

json::object path_param(std::string_view name) {
  return {{"name", name}, {"in", "path"}, {"required", true}, {"schema", str_prop()}};
}

json::object operation(std::string_view id, std::string_view summary, json::object schema) {
  return {{"operationId", id},
          {"summary", summary},
          {"tags", json::array{"admin"}},
          {"security", json::array{json::object{{"AdminBearer", json::array{}}}}},
          {"responses", answer(std::move(schema))}};
}

json::object admin_paths() {
  auto list =
      operation("adminListServices", "Every service with its price and switch",
                object_of({{"services", {{"type", "array"}, {"items", ref("AdminService")}}}}));
  auto patch = operation("adminChangeService", "Change a service's price or switch, live",
                         ref("AdminService"));
  patch["parameters"] = json::array{path_param("name")};
  patch["requestBody"] = {
      {"required", true},
      {"content",
       {{"application/json",
         {{"schema",
           {{"type", "object"},
            {"properties", {{"price_sats", int_prop()}, {"enabled", bool_prop()}}}}}}}}}};
  auto revoke_service = operation("adminRevokeService", "Revoke every token of a service",
                                  object_of({{"service", str_prop()}, {"revoked", int_prop()}}));
  revoke_service["parameters"] = json::array{path_param("name")};
  auto tokens =
      operation("adminListTokens", "Tokens in the ledger, newest first",
                object_of({{"tokens", {{"type", "array"}, {"items", ref("AdminToken")}}}}));
  tokens["parameters"] =
      json::array{query("service", "string", "only this service"),
                  query("state", "string", "issued, paid, in_progress, redeemed or failed"),
                  query("since", "integer", "created at or after (unix seconds)"),
                  query("until", "integer", "created before (unix seconds)"),
                  query("limit", "integer", "at most this many (default 100, at most 1000)")};
  auto revoke_token = operation("adminRevokeToken", "Revoke one token at every instance",
                                object_of({{"revoked", str_prop()}}));
  revoke_token["parameters"] = json::array{path_param("id")};
  auto revenue = operation("adminRevenue", "Sats earned and counts per service per UTC day",
                           ref("AdminRevenue"));
  revenue["parameters"] = json::array{query("days", "integer", "today and the days before (30)")};
  auto status =
      operation("adminStatus", "The node and build this server runs with", ref("AdminStatus"));
  return {{"/api/admin/services", {{"get", std::move(list)}}},
          {"/api/admin/services/{name}", {{"patch", std::move(patch)}}},
          {"/api/admin/services/{name}/revoke", {{"post", std::move(revoke_service)}}},
          {"/api/admin/tokens", {{"get", std::move(tokens)}}},
          {"/api/admin/tokens/{id}/revoke", {{"post", std::move(revoke_token)}}},
          {"/api/admin/revenue", {{"get", std::move(revenue)}}},
          {"/api/admin/status", {{"get", std::move(status)}}}};
}

json::object invoice_schema() {
  return object_of({{"payment_hash", str_prop()},
                    {"service", str_prop()},
                    {"amount_sats", int_prop()},
                    {"amount_msat", int_prop()},
                    {"rails", {{"type", "array"}, {"items", str_prop()}}},
                    {"created_at", int_prop()},
                    {"expires_at", int_prop()}});
}

// The two short lists an operator checks: what is unpaid, what failed.
json::object list_paths() {
  const auto filters = [] {
    return json::array{query("service", "string", "only this service"),
                       query("limit", "integer", "at most this many (default 100, at most 1000)")};
  };
  auto invoices =
      operation("adminListInvoices", "This instance's unexpired challenges awaiting payment",
                object_of({{"invoices", {{"type", "array"}, {"items", ref("AdminInvoice")}}}}));
  invoices["parameters"] = filters();
  auto failures =
      operation("adminListFailures", "Failed tokens that can still be redeemed, newest first",
                object_of({{"failures", {{"type", "array"}, {"items", ref("AdminToken")}}}}));
  failures["parameters"] = filters();
  return {{"/api/admin/invoices", {{"get", std::move(invoices)}}},
          {"/api/admin/failures", {{"get", std::move(failures)}}}};
}

json::object& object_at(json::object& parent, std::string_view key) {
  auto& v = parent[key];
  if (!v.is_object()) v = json::object{};
  return v.as_object();
}

}  // namespace

void add_admin_openapi(json::object& document) {
  auto& paths = object_at(document, "paths");
  for (auto& [path, item] : admin_paths())
    paths[path] = std::move(item);
  for (auto& [path, item] : list_paths())
    paths[path] = std::move(item);
  auto& components = object_at(document, "components");
  object_at(components, "securitySchemes")["AdminBearer"] = {
      {"type", "http"},
      {"scheme", "bearer"},
      {"description", "The data directory's admin.token; loopback only unless TLS."}};
  auto& schemas = object_at(components, "schemas");
  schemas["AdminInvoice"] = invoice_schema();
  schemas["AdminService"] = service_schema();
  schemas["AdminToken"] = token_schema();
  schemas["AdminRevenueDay"] = counts_schema(true);
  schemas["AdminRevenueTotals"] = counts_schema(false);
  schemas["AdminRevenue"] = revenue_schema();
  schemas["AdminStatus"] = status_schema();
}

}  // namespace l402d::admin
