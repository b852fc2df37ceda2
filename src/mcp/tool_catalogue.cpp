#include "mcp/tool_catalogue.hpp"

#include <stdexcept>

namespace l402d::mcp {

namespace {

constexpr std::string_view kPaymentHowTo =
    "Payment over Lightning: call without `payment` to get an invoice (a BOLT11 payment "
    "request) and a macaroon; pay the invoice with any Lightning wallet, which gives a "
    "preimage; then call again with the same arguments plus "
    "payment: {\"macaroon\": \"<macaroon>\", \"preimage\": \"<preimage>\"}.";

std::string describe(const api::ServiceListing& s, bool long_running) {
  std::string d = s.description;
  d += " Price: " + std::to_string(s.price_sats) + " sats per call";
  d += s.pricing ? " (for the simplest request; the price follows the arguments, ask the quote "
                   "tool)."
                 : ".";
  d += " ";
  d += kPaymentHowTo;
  if (long_running)
    d += " This tool takes a while: a paid call answers with a job_id; call check_job with it "
         "and the same payment until it returns the result.";
  return d;
}

// The service's request schema plus the payment argument, which is never
// required (the unpaid call is how the invoice is asked for).
json::object input_schema_of(const api::ServiceListing& s) {
  auto schema = s.request->openapi();
  auto& properties = schema["properties"].as_object();
  if (properties.contains(kPaymentArgument))
    throw std::invalid_argument("service '" + s.name + "' has a field named payment");
  properties[kPaymentArgument] = payment_argument_schema();
  return schema;
}

json::object annotations(std::string_view title, bool read_only) {
  return {{"title", title},
          {"readOnlyHint", read_only},
          {"destructiveHint", false},
          {"idempotentHint", true},
          {"openWorldHint", false}};
}

json::object tool_json(std::string_view name, std::string_view title, std::string_view description,
                       json::object input_schema, bool read_only) {
  return {{"name", name},
          {"title", title},
          {"description", description},
          {"inputSchema", std::move(input_schema)},
          {"annotations", annotations(title, read_only)}};
}

json::object list_services_tool() {
  return tool_json("list_services", "List the paid services",
                   "Free. The services for sale here, with their prices, request fields and the "
                   "payment protocols accepted (the /.well-known/l402-services catalogue).",
                   {{"type", "object"}, {"properties", json::object{}}}, true);
}

json::object quote_tool(const std::vector<PaidTool>& paid) {
  json::array names;
  for (const auto& t : paid)
    names.emplace_back(t.name);
  json::object schema{
      {"type", "object"},
      {"required", json::array{"tool"}},
      {"properties",
       {{"tool", {{"type", "string"}, {"enum", std::move(names)}, {"description", "A paid tool."}}},
        {"arguments",
         {{"type", "object"},
          {"description", "The arguments the paid tool would be called with."}}}}}};
  return tool_json("quote", "Price of a call",
                   "Free. What one call of a paid tool with these arguments costs, in sats, "
                   "without making an invoice. Bad arguments are reported as the paid tool "
                   "would report them.",
                   std::move(schema), true);
}

json::object check_job_tool() {
  json::object schema{
      {"type", "object"},
      {"required", json::array{"job_id", kPaymentArgument}},
      {"properties",
       {{"job_id", {{"type", "string"}, {"description", "The job_id a paid call answered with."}}},
        {kPaymentArgument, payment_argument_schema()}}}};
  return tool_json("check_job", "Check a job",
                   "Free. The progress of a job a paid call started, or its result once done. "
                   "Give the same payment the call was paid with (the result is the buyer's).",
                   std::move(schema), true);
}

}  // namespace

json::object payment_argument_schema() {
  return {{"type", "object"},
          {"description",
           "The Lightning payment for this call: {\"macaroon\": \"…\", \"preimage\": \"<hex>\"} "
           "after paying the invoice of the unpaid call, or {\"authorization\": \"L402 "
           "<macaroon>:<preimage>\"} (any Authorization header value l402d takes). Leave it "
           "out to get the invoice."},
          {"properties",
           {{"macaroon", {{"type", "string"}}},
            {"preimage", {{"type", "string"}, {"description", "64 hex digits"}}},
            {"authorization", {{"type", "string"}}}}}};
}

ToolCatalogue::ToolCatalogue(const api::Catalogue& catalogue,
                             const std::set<std::string>& long_running) {
  for (const auto& s : catalogue.services) {
    // Proxied APIs have no request schema to offer as an inputSchema.
    if (s.proxied || !s.request) continue;
    const bool slow = long_running.contains(s.name);
    PaidTool t{s.name,
               s.path,
               describe(s, slow),
               s.price_sats,
               s.pricing.has_value(),
               slow,
               input_schema_of(s)};
    listed_.push_back(tool_json(t.name, s.summary, t.description, t.input_schema, false));
    paid_.push_back(std::move(t));
  }
  listed_.push_back(list_services_tool());
  listed_.push_back(quote_tool(paid_));
  listed_.push_back(check_job_tool());
}

const PaidTool* ToolCatalogue::find_paid(std::string_view name) const {
  for (const auto& t : paid_)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace l402d::mcp
