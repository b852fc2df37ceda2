#include "client/mcp_tools.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "client/mcp_fetch_arguments.hpp"
#include "client/tokens_command.hpp"
#include "client/url.hpp"

namespace l402d::client {

namespace json = boost::json;

namespace {

constexpr std::int64_t kDefaultReceipts = 20;
constexpr std::int64_t kMaxReceipts = 200;

json::object request_schema(bool with_dry_run) {
  json::object properties{
      {"url", {{"type", "string"}, {"description", "The http:// or https:// URL to fetch."}}},
      {"method",
       {{"type", "string"},
        {"enum", {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}},
        {"description", "Default GET, or POST when a body is given."}}},
      {"headers",
       {{"type", "object"},
        {"additionalProperties", {{"type", "string"}}},
        {"description",
         "Request headers. Authorization and the payment headers are l402's to set."}}},
      {"body", {{"type", "string"}, {"description", "The request body as text."}}},
      {"json",
       {{"description",
         "The request body as JSON (sent with Content-Type: application/json); not with body."}}},
      {"max_sats",
       {{"type", "integer"},
        {"minimum", 0},
        {"description",
         "A lower cap for this call: price plus fee limit in sats. Cannot raise the "
         "configured cap."}}}};
  if (with_dry_run)
    properties["dry_run"] = {{"type", "boolean"},
                             {"description", "Show the price and pay nothing (as quote does)."}};
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", {"url"}},
          {"additionalProperties", false}};
}

json::object empty_schema() {
  return {{"type", "object"}, {"properties", json::object{}}, {"additionalProperties", false}};
}

json::object tool(std::string_view name, std::string_view title, std::string description,
                  json::object schema, bool read_only) {
  return {{"name", name},
          {"title", title},
          {"description", std::move(description)},
          {"inputSchema", std::move(schema)},
          {"annotations",
           {{"readOnlyHint", read_only}, {"destructiveHint", false}, {"openWorldHint", true}}}};
}

json::object error_result(std::string message) {
  return {{"content", {json::object{{"type", "text"}, {"text", message}}}},
          {"structuredContent", {{"outcome", "invalid_arguments"}, {"message", message}}},
          {"isError", true}};
}

json::object text_result(std::string text, json::object structured) {
  return {{"content", {json::object{{"type", "text"}, {"text", std::move(text)}}}},
          {"structuredContent", std::move(structured)},
          {"isError", false}};
}

}  // namespace

BuyerTools::BuyerTools(Purchaser& purchaser, BuyerToolOptions options)
    : purchaser_(purchaser), options_(std::move(options)) {}

json::array BuyerTools::list() const {
  const auto cap = std::to_string(options_.caps.per_call_max_sats);
  const auto daily = purchaser_.budget().limit();
  const std::string caps = " Spending caps set by the person running this server: at most " + cap +
                           " sats a call (price plus fees)" +
                           (daily ? ", " + std::to_string(*daily) + " sats a day" : std::string()) +
                           ".";
  return {tool("fetch", "Fetch a URL, paying its Lightning 402",
               "Fetch an HTTP URL. When it answers 402 Payment Required (L402, MPP or x402 over "
               "Lightning), pay the invoice from the person's wallet and repeat the request with "
               "the credential. A credential bought earlier for the identical request is reused "
               "before anything new is paid." +
                   caps + " Returns the response (status, headers, body) and a receipt.",
               request_schema(true), false),
          tool("quote", "Quote a URL's price",
               "The price a URL asks (its 402 challenge), whether fetch would pay it within the "
               "caps, and nothing paid." +
                   caps,
               request_schema(false), false),
          tool("budget", "Spending caps and today's total",
               "The per-call cap, the daily limit, what was spent today and what is left.",
               empty_schema(), true),
          tool("receipts", "What was bought",
               "The latest purchases: what each was for, what it cost and when. No secrets.",
               {{"type", "object"},
                {"properties",
                 {{"limit",
                   {{"type", "integer"},
                    {"minimum", 1},
                    {"maximum", kMaxReceipts},
                    {"description", "How many, newest first (default 20)."}}}}},
                {"additionalProperties", false}},
               true)};
}

std::optional<json::object> BuyerTools::call(std::string_view name, const json::object& arguments,
                                             std::string_view revision) {
  if (name == "fetch") return fetch(arguments, revision, false);
  if (name == "quote") return fetch(arguments, revision, true);
  if (name == "budget") return budget();
  if (name == "receipts") return receipts(arguments);
  return std::nullopt;
}

std::optional<std::string> BuyerTools::refused_origin(const std::string& url) const {
  if (options_.allowed_origins.empty()) return std::nullopt;
  const auto asked = parse_url(url);
  std::string allowed_list;
  for (const auto& allowed : options_.allowed_origins) {
    if (parse_url(allowed).server() == asked.server()) return std::nullopt;
    allowed_list += (allowed_list.empty() ? "" : ", ") + allowed;
  }
  return "l402 mcp was started to buy only from " + allowed_list + "; " + asked.origin() +
         " is not one of them.";
}

json::object BuyerTools::fetch(const json::object& arguments, std::string_view revision,
                               bool quote_only) {
  if (quote_only && arguments.contains("dry_run"))
    return error_result("quote takes no dry_run: it never pays.");
  auto parsed = read_fetch_arguments(arguments, options_.timeout);
  if (!parsed) return error_result(parsed.error());
  if (auto refusal = refused_origin(parsed->request.url)) return error_result(*refusal);

  FetchOptions options = purchaser_.default_options();
  options.max_sats = std::min(options_.caps.per_call_max_sats,
                              parsed->max_sats.value_or(options_.caps.per_call_max_sats));
  options.max_fee_sats = options_.caps.max_fee_sats;
  options.dry_run = quote_only || parsed->dry_run;
  FetchResult result;
  try {
    result = purchaser_.buy(parsed->request, options);
  } catch (const WalletError& e) {
    return error_result(std::string("The wallet cannot be used: ") + e.what());
  }
  AnswerContext context;
  context.url = parsed->request.url;
  context.revision = std::string(revision);
  context.max_inline_bytes = options_.max_inline_bytes;
  context.downloads = options_.downloads;
  context.budget = budget_json(purchaser_.budget(), options_.caps);
  if (!result.token_id.empty()) {
    for (auto& entry : purchaser_.cache().list())
      if (entry.id == result.token_id) context.credential = std::move(entry);
  }
  return fetch_answer(result, context);
}

json::object BuyerTools::budget() const {
  auto b = budget_json(purchaser_.budget(), options_.caps);
  std::string text = "Per call: at most " + std::to_string(options_.caps.per_call_max_sats) +
                     " sats (price plus fees). Today (" + std::string(b.at("day").as_string()) +
                     ", UTC): " + json::serialize(b.at("spent_today_sats")) + " sats spent";
  if (!b.at("daily_limit_sats").is_null())
    text += " of " + json::serialize(b.at("daily_limit_sats")) + "; " +
            json::serialize(b.at("remaining_today_sats")) + " left";
  b["wallet"] = purchaser_.wallet_name();
  return text_result(text + ". Wallet: " + purchaser_.wallet_name() + ".", std::move(b));
}

json::object BuyerTools::receipts(const json::object& arguments) const {
  std::int64_t limit = kDefaultReceipts;
  for (const auto& member : arguments)
    if (member.key() != "limit") return error_result("receipts takes only \"limit\".");
  if (const auto* l = arguments.if_contains("limit")) {
    if (!l->is_int64() || l->get_int64() < 1 || l->get_int64() > kMaxReceipts)
      return error_result("\"limit\" must be a whole number from 1 to " +
                          std::to_string(kMaxReceipts) + ".");
    limit = l->get_int64();
  }
  auto entries = purchaser_.cache().list();
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.created_at > b.created_at; });
  if (entries.size() > static_cast<std::size_t>(limit))
    entries.resize(static_cast<std::size_t>(limit));
  json::array list;
  std::string text = entries.empty() ? "Nothing bought yet." : "";
  for (const auto& e : entries) {
    list.push_back(receipt_json(e));
    text += e.id + "  " + std::string(to_string(e.state)) + "  " + std::to_string(e.amount_sats) +
            " sats  " + e.key.method + " " + e.key.server + e.key.target + "\n";
  }
  return text_result(std::move(text), {{"receipts", std::move(list)}});
}

}  // namespace l402d::client
