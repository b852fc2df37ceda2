#include "api/discovery.hpp"

#include <boost/json.hpp>
#include <stdexcept>

namespace l402d::api {

namespace json = boost::json;

namespace {

json::object error_schema() {
  return {{"type", "object"},
          {"required", json::array{"error"}},
          {"properties",
           json::object{{"error", json::object{{"type", "object"},
                                               {"required", json::array{"code", "message"}},
                                               {"properties", json::object{
                                                                  {"code", {{"type", "string"}}},
                                                                  {"message", {{"type", "string"}}},
                                                                  {"field", {{"type", "string"}}},
                                                              }}}}}}};
}

json::object challenge_schema() {
  return {{"type", "object"},
          {"properties",
           {{"error", error_schema().at("properties").at("error")},
            {"service", {{"type", "string"}}},
            {"price_sats", {{"type", "integer"}}},
            {"invoice", {{"type", "string"}}},
            {"macaroon", {{"type", "string"}}},
            {"payment_hash", {{"type", "string"}}},
            {"expires_at", {{"type", "integer"}, {"description", "unix seconds"}}}}}};
}

json::object json_content(json::object schema) {
  return {{"application/json", {{"schema", std::move(schema)}}}};
}

json::object component(std::string_view name) {
  return {{"$ref", "#/components/schemas/" + std::string(name)}};
}

json::object paid_responses(const ServiceListing& s) {
  return {
      {"200",
       {{"description",
         "The result (paid request). Asked with Accept: text/event-stream or \"stream\": "
         "true, a stream of server-sent events instead: delta {\"text\"} pieces as the answer "
         "is made, progress {\"stage\", \"elapsed_ms\"} while it is quiet, then result (this "
         "same body) or error ({\"error\"})."},
        {"content",
         {{"application/json", {{"schema", s.result->openapi()}}},
          {"text/event-stream", {{"schema", {{"type", "string"}}}}}}}}},
      {"202",
       {{"description",
         "Accepted as a job (the paid request asked with Prefer: respond-async, ?async=true, "
         "\"async\": true or a callback_url): poll poll_url with the same Authorization "
         "header."},
        {"headers",
         {{"Location", {{"schema", {{"type", "string"}}}}},
          {"X-Job-Id", {{"schema", {{"type", "string"}}}}},
          {"X-Poll-Url", {{"schema", {{"type", "string"}}}}},
          {"X-Poll-Interval-Ms", {{"schema", {{"type", "integer"}}}}}}},
        {"content", json_content(component("Job"))}}},
      {"400",
       {{"description", "Invalid input; no invoice is issued."},
        {"content", json_content(component("Error"))}}},
      {"402",
       {{"description",
         "Payment required: pay the invoice, then repeat the identical request with "
         "Authorization: L402 <macaroon>:<preimage>. Also returned with a fresh challenge "
         "for an invalid, expired or spent-elsewhere credential."},
        {"headers",
         {{"WWW-Authenticate",
           {{"schema", {{"type", "string"}}},
            {"description", "L402 macaroon=\"<base64>\", invoice=\"<bolt11>\""}}}}},
        {"content", json_content(component("Challenge"))}}},
      {"429",
       {{"description",
         "too_many_challenges: this address asked for too many invoices this minute; no "
         "invoice was made. See Retry-After."},
        {"content", json_content(component("Error"))}}},
      {"503",
       {{"description", "Busy or engine failure; a paid token stays redeemable. See Retry-After."},
        {"content", json_content(component("Error"))}}},
  };
}

json::object paid_operation(const ServiceListing& s) {
  if (!s.request || !s.result) {
    throw std::invalid_argument("service '" + s.name + "' is listed without its schemas");
  }
  return {
      {"summary", s.summary},
      {"description", s.description + " Price: " + std::to_string(s.price_sats) + " sats."},
      {"operationId", s.name},
      {"security", json::array{json::object{{"L402", json::array{}}}}},
      {"x-price-sats", s.price_sats},
      {"requestBody", {{"required", true}, {"content", json_content(s.request->openapi())}}},
      {"parameters", json::array{json::object{
                         {"name", "Prefer"},
                         {"in", "header"},
                         {"required", false},
                         {"description",
                          "respond-async: answer a paid request at once with 202 and a job to poll "
                          "(single-use services)."},
                         {"schema", {{"type", "string"}}}}}},
      {"responses", paid_responses(s)}};
}

json::object job_schema() {
  return {{"type", "object"},
          {"required", json::array{"job_id", "status", "poll_url", "poll_interval_ms"}},
          {"properties",
           {{"job_id", {{"type", "string"}}},
            {"requestId", {{"type", "string"}, {"description", "The same as job_id."}}},
            {"service", {{"type", "string"}}},
            {"status", {{"type", "string"}, {"enum", json::array{"queued", "processing"}}}},
            {"stage", {{"type", "string"}}},
            {"percent", {{"type", "integer"}}},
            {"poll_url", {{"type", "string"}}},
            {"poll_interval_ms", {{"type", "integer"}}},
            {"callback_url", {{"type", "string"}}},
            {"callback_secret",
             {{"type", "string"},
              {"description",
               "HMAC-SHA256 key of the callback's X-L402d-Signature (over timestamp.body)."}}}}}};
}

json::object job_path() {
  auto error = [](const char* what) {
    return json::object{{"description", what}, {"content", json_content(component("Error"))}};
  };
  return {
      {"get",
       {{"summary",
         "A job's progress (202) until its result, which is exactly what the request would "
         "have answered. Poll with the Authorization header that paid for it."},
        {"operationId", "job"},
        {"parameters", json::array{json::object{{"name", "id"},
                                                {"in", "path"},
                                                {"required", true},
                                                {"schema", {{"type", "string"}}}}}},
        {"responses",
         {{"200", {{"description", "The result."}}},
          {"202",
           {{"description", "Queued or running."}, {"content", json_content(component("Job"))}}},
          {"403", error("job_credential_required")},
          {"404", error("job_unknown")},
          {"502", error("The work failed; the token stays redeemable.")}}}}}};
}

json::object media_path() {
  return {{"get",
           {{"summary", "Download generated media (ranges supported) until the retention ends."},
            {"parameters", json::array{json::object{{"name", "name"},
                                                    {"in", "path"},
                                                    {"required", true},
                                                    {"schema", {{"type", "string"}}}}}},
            {"responses",
             {{"200", {{"description", "The file."}}},
              {"206", {{"description", "A byte range."}}},
              {"404", {{"description", "Unknown."}}},
              {"410", {{"description", "Expired."}}}}}}}};
}

json::object dev_pay_path() {
  json::object body{{"type", "object"}, {"properties", {{"invoice", {{"type", "string"}}}}}};
  return {{"post",
           {{"summary", "Development node only: simulate paying an invoice, returns the preimage."},
            {"requestBody", {{"content", json_content(std::move(body))}}},
            {"responses", {{"200", {{"description", "{\"preimage\": \"<hex>\"}"}}}}}}}};
}

json::object settlement_path() {
  json::object body{
      {"type", "object"},
      {"required", json::array{"macaroon"}},
      {"properties",
       {{"macaroon", {{"type", "string"}, {"description", "The macaroon of the 402 challenge."}}},
        {"wait_seconds",
         {{"type", "integer"}, {"minimum", 0}, {"maximum", 60}, {"default", 30}}}}}};
  json::object settled{
      {"type", "object"},
      {"properties",
       {{"state", {{"type", "string"}, {"enum", json::array{"settled", "open"}}}},
        {"payment_hash", {{"type", "string"}}},
        {"preimage", {{"type", "string"}, {"description", "hex; settled only"}}},
        {"authorization",
         {{"type", "string"}, {"description", "L402 <macaroon>:<preimage>; settled only"}}}}}};
  auto error = [](const char* what) {
    return json::object{{"description", what}, {"content", json_content(component("Error"))}};
  };
  return {
      {"post",
       {{"summary",
         "The preimage of a paid challenge, for buyers who paid from a wallet that "
         "does not show it (a phone scanning the QR code). Long-polls up to "
         "wait_seconds while the invoice is unpaid."},
        {"operationId", "settlement"},
        {"requestBody", {{"required", true}, {"content", json_content(std::move(body))}}},
        {"responses",
         {{"200",
           {{"description", "Paid: the preimage and the ready Authorization header."},
            {"content", json_content(settled)}}},
          {"202",
           {{"description", "Not paid within the wait; ask again."},
            {"content", json_content(settled)}}},
          {"400", error("macaroon_malformed, identifier_invalid, missing_field, invalid_field")},
          {"403", error("signature_invalid, token_unknown, token_revoked: not sold here")},
          {"404", error("invoice_unknown")},
          {"410", error("invoice_expired, invoice_cancelled")},
          {"503", error("server_busy, lightning_unavailable")}}}}}};
}

json::object error_codes_path() {
  json::object ok{{"description", "{\"codes\": [{code, status, action, meaning}]}"}};
  json::object get{{"summary", "Every error code, its usual status and what a client should do"},
                   {"responses", json::object{{"200", std::move(ok)}}}};
  return json::object{{"get", std::move(get)}};
}

json::object quote_path() {
  json::object body{
      {"type", "object"},
      {"required", json::array{"path"}},
      {"properties",
       {{"method", {{"type", "string"}, {"default", "POST"}}},
        {"path", {{"type", "string"}, {"description", "The paid request's path and query."}}},
        {"body", {{"description", "The paid request's body: JSON, or a string sent as is."}}},
        {"host", {{"type", "string"}, {"description", "For a service served on one host."}}}}}};
  json::object quote{{"type", "object"},
                     {"properties",
                      {{"service", {{"type", "string"}}},
                       {"price_sats", {{"type", "integer"}}},
                       {"price_msat", {{"type", "integer"}}},
                       {"method", {{"type", "string"}}},
                       {"path", {{"type", "string"}}}}}};
  auto error = [](const char* what) {
    return json::object{{"description", what}, {"content", json_content(component("Error"))}};
  };
  return {{"post",
           {{"summary",
             "Free: the price of this exact request, without an invoice. The 402 for the same "
             "request asks for this amount."},
            {"operationId", "quote"},
            {"requestBody", {{"required", true}, {"content", json_content(std::move(body))}}},
            {"responses",
             {{"200", {{"description", "The price."}, {"content", json_content(quote)}}},
              {"400", error("invalid_json, invalid_field, or the service's own validation")},
              {"404", error("service_unknown")}}}}}};
}

json::object paths(const Catalogue& c) {
  json::object paths;
  for (const auto& s : c.services)
    if (!s.proxied) paths[s.path] = {{"post", paid_operation(s)}};
  paths["/media/{name}"] = media_path();
  paths["/api/l402/jobs/{id}"] = job_path();
  paths["/l402/settlement"] = settlement_path();
  if (c.dev_payments) paths["/dev/pay"] = dev_pay_path();
  paths["/api/error-codes"] = error_codes_path();
  paths["/api/quote"] = quote_path();
  return paths;
}

json::object components() {
  return {
      {"securitySchemes",
       {{"L402",
         {{"type", "http"},
          {"scheme", "L402"},
          {"description", "Authorization: L402 <base64 macaroon>:<hex preimage>"}}},
        {"Payment",
         {{"type", "http"},
          {"scheme", "Payment"},
          {"description", "MPP, Lightning charge: Authorization: Payment <base64url credential>"}}},
        {"x402",
         {{"type", "apiKey"},
          {"in", "header"},
          {"name", "PAYMENT-SIGNATURE"},
          {"description", "x402 v2 payment payload for the Lightning exact offer"}}}}},
      {"schemas",
       {{"Error", error_schema()}, {"Challenge", challenge_schema()}, {"Job", job_schema()}}}};
}

const char* unit_name(pricing::SizeUnit unit) {
  switch (unit) {
    case pricing::SizeUnit::body_bytes:
      return "body_bytes";
    case pricing::SizeUnit::field_chars:
      return "field_chars";
    case pricing::SizeUnit::image_megapixels:
      return "image_megapixels";
  }
  return "unknown";
}

// The rules as the seller wrote them, so an agent can price a request itself
// (POST /api/quote gives the authoritative number).
json::object price_rules_json(const pricing::PriceList& list) {
  json::array rules;
  for (const auto& r : list.rules) {
    json::object rule{{"price_sats", r.price_msat / 1000}};
    if (r.method) rule["method"] = *r.method;
    if (r.path_prefix) rule["path_prefix"] = *r.path_prefix;
    if (r.field) rule["field"] = *r.field;
    if (r.equals) rule["equals"] = *r.equals;
    rules.push_back(std::move(rule));
  }
  json::array charges;
  for (const auto& c : list.charges) {
    json::object charge{{"unit", unit_name(c.unit)}, {"per", c.per}, {"price_msat", c.msat_each}};
    if (!c.field.empty()) charge["field"] = c.field;
    charges.push_back(std::move(charge));
  }
  json::object out{{"rules", std::move(rules)},
                   {"size_charges", std::move(charges)},
                   {"min_price_sats", list.min_msat / 1000},
                   {"rounding", "up to a whole satoshi"}};
  if (list.max_msat) out["max_price_sats"] = *list.max_msat / 1000;
  return out;
}

json::object service_entry(const Catalogue& c, const ServiceListing& s) {
  json::object entry{{"name", s.name},
                     {"description", s.description},
                     {"method", s.proxied ? "*" : "POST"},
                     {"endpoint", c.public_url + s.path},
                     {"price_sats", s.price_sats},
                     {"pricing", s.pricing ? "per_request" : "fixed"},
                     {"redemption", s.reusable ? "reusable" : "single_use"}};
  if (s.pricing) entry["price_rules"] = price_rules_json(*s.pricing);
  if (s.proxied) entry["path_prefix"] = s.path;
  if (s.free_requests_per_day > 0) entry["free_requests_per_day"] = s.free_requests_per_day;
  if (s.reusable) {
    entry["uses_per_token"] = s.uses;  // 0: any number until the token expires
    entry["token_validity_seconds"] = s.token_seconds ? s.token_seconds : c.token_validity_seconds;
  }
  return entry;
}

}  // namespace

std::string openapi_json(const Catalogue& c) {
  json::object doc{
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "l402d"},
        {"version", "0.1.0"},
        {"description",
         "AI work sold per request over Bitcoin Lightning with L402. Send a request without "
         "credentials to get 402 with a macaroon and an invoice; pay; repeat the identical "
         "request with Authorization: L402 <macaroon>:<preimage hex>."}}},
      {"servers", json::array{json::object{{"url", c.public_url}}}},
      {"paths", paths(c)},
      {"components", components()}};
  return json::serialize(doc);
}

std::string well_known_json(const Catalogue& c) {
  json::array services;
  for (const auto& s : c.services) {
    services.push_back(service_entry(c, s));
  }
  json::object doc{
      {"version", "1"},
      {"protocols", json::array(c.protocols.begin(), c.protocols.end())},
      {"challenge", "WWW-Authenticate: L402 macaroon=\"<base64>\", invoice=\"<bolt11>\""},
      {"credential", "Authorization: L402 <base64 macaroon>:<hex preimage>"},
      {"token_rules",
       {{"single_use", true},
        {"bound_to_request", true},
        {"invoice_expiry_seconds", c.invoice_expiry_seconds},
        {"token_validity_seconds", c.token_validity_seconds},
        {"result_retention_seconds", c.result_retention_seconds}}},
      {"services", std::move(services)},
      {"openapi", c.public_url + "/api/openapi.json"},
      {"settlement",
       {{"method", "POST"},
        {"endpoint", c.public_url + "/l402/settlement"},
        {"description",
         "Paid by QR from another wallet? POST {\"macaroon\"} here "
         "for the preimage once the invoice is settled."}}},
      {"error_codes", c.public_url + "/api/error-codes"},
      {"quote",
       {{"method", "POST"},
        {"endpoint", c.public_url + "/api/quote"},
        {"description",
         "The price of one exact request without an invoice: POST {\"method\", \"path\", "
         "\"body\"}."}}},
      {"async_jobs",
       {{"ask_with", json::array{"Prefer: respond-async", "?async=true", "\"async\": true",
                                 "\"callback_url\": \"https://...\""}},
        {"fields", json::array{"job_id", "poll_url", "poll_interval_ms"}},
        {"headers", json::array{"X-Job-Id", "X-Poll-Url", "X-Poll-Interval-Ms", "Location"}},
        {"poll", c.public_url + "/api/l402/jobs/{job_id} (GET, same Authorization header)"},
        {"callback_signature",
         "X-L402d-Signature: sha256=HMAC-SHA256(callback_secret, X-L402d-Timestamp + \".\" + "
         "body)"}}},
      {"streaming",
       {{"ask_with", json::array{"Accept: text/event-stream", "\"stream\": true"}},
        {"events", json::array{"delta", "progress", "result", "error"}},
        {"replay",
         "a streamed result is stored as it goes; the identical request replays it "
         "whole as JSON"}}},
      {"idempotency_key_header", "Idempotency-Key"},
      {"development_payments", c.dev_payments}};
  return json::serialize(doc);
}

}  // namespace l402d::api
