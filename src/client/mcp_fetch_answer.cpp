#include "client/mcp_fetch_answer.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <string_view>

#include "client/sats_text.hpp"
#include "client/tokens_command.hpp"
#include "util/base64.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/secret_file.hpp"
#include "util/text.hpp"

namespace l402d::client {

namespace json = boost::json;

namespace {

// Images a model can look at are inlined up to this size as well as saved.
constexpr std::size_t kMaxInlineImageBytes = 1024 * 1024;

std::string_view outcome_name(FetchStatus status) {
  switch (status) {
    case FetchStatus::ok:
      return "ok";
    case FetchStatus::http_error:
      return "http_error";
    case FetchStatus::network_error:
      return "network_error";
    case FetchStatus::refused:
      return "refused";
    case FetchStatus::payment_failed:
      return "payment_failed";
    case FetchStatus::dry_run:
      return "dry_run";
  }
  return "unknown";
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      length = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + length > s.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[length] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += length;
  }
  return true;
}

std::string header(const net::HttpResponse& response, std::string_view name) {
  for (const auto& [k, v] : response.headers)
    if (iequals_ascii(k, name)) return v;
  return {};
}

std::string media_type(const std::string& content_type) {
  std::string type(trim_ows(std::string_view(content_type).substr(0, content_type.find(';'))));
  for (auto& c : type)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

std::string extension_for(const std::string& type) {
  static constexpr std::pair<std::string_view, std::string_view> kKnown[] = {
      {"audio/mpeg", ".mp3"}, {"audio/wav", ".wav"},       {"audio/ogg", ".ogg"},
      {"image/png", ".png"},  {"image/jpeg", ".jpg"},      {"image/webp", ".webp"},
      {"image/gif", ".gif"},  {"application/pdf", ".pdf"}, {"application/json", ".json"},
      {"text/plain", ".txt"}, {"text/html", ".html"},      {"text/csv", ".csv"}};
  for (const auto& [known, ext] : kKnown)
    if (type == known) return std::string(ext);
  return ".bin";
}

json::object response_headers(const net::HttpResponse& response) {
  json::object out;
  for (const auto& [k, v] : response.headers) {
    std::string name = k;
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto* seen = out.if_contains(name)) {
      *seen = std::string(seen->as_string()) + ", " + v;
    } else {
      out[name] = v;
    }
  }
  return out;
}

// Saved under a name from the body's hash: the same bytes land in one file.
std::filesystem::path save_body(const std::string& body, const std::string& type,
                                const std::filesystem::path& downloads) {
  std::filesystem::create_directories(downloads);
  const auto name = to_hex(sha256(body)).substr(0, 16) + extension_for(type);
  const auto path = downloads / name;
  write_file_durably(path, as_bytes(body));
  return path;
}

json::object quote_json(const Quote& q) {
  json::object o{{"rail", std::string(to_string(q.rail))},
                 {"scheme", q.scheme},
                 {"amount_sats", q.amount_sats},
                 {"amount_msat", q.amount_msat},
                 {"fee_limit_msat", q.fee_limit_msat},
                 {"description", q.description},
                 {"payment_hash", q.payment_hash},
                 {"network", q.network},
                 {"expires_at", q.expires_at},
                 {"would_pay", q.refusal.empty()}};
  if (!q.refusal.empty()) o["refusal"] = q.refusal;
  return o;
}

std::string quote_text(const Quote& q) {
  std::string text = "Price: " + sats_text(q.amount_msat) + " sats (plus at most " +
                     sats_text(q.fee_limit_msat) + " in fees) over " + q.scheme;
  if (!q.description.empty()) text += " for \"" + q.description + "\"";
  text += "; the invoice expires at " + iso_time(q.expires_at) + ". ";
  text += q.refusal.empty() ? "Within your caps: fetch would pay it."
                            : "fetch would not pay it: " + q.refusal;
  return text;
}

std::string cost_text(const FetchResult& r, const std::optional<TokenEntry>& credential) {
  if (r.paid && credential)
    return " Paid " + sats_text(credential->amount_msat) + " sats (fee " +
           sats_text(credential->fee_msat) + ") over " + credential->scheme + "; receipt " +
           credential->id + ".";
  if (r.status == FetchStatus::payment_failed && !r.token_id.empty())
    return " What became of the payment is kept under receipt " + r.token_id +
           ": the same fetch again settles that before paying anything new.";
  if (r.used_cached)
    return " Sent a credential bought earlier (receipt " + r.token_id + "): nothing new paid.";
  return " Nothing was paid.";
}

std::string spent_text(const json::object& budget) {
  const auto& limit = budget.at("daily_limit_sats");
  std::string text = " Today: " + json::serialize(budget.at("spent_today_sats")) + " sats spent";
  if (!limit.is_null()) text += " of " + json::serialize(limit) + " allowed";
  return text + ".";
}

struct Body {
  json::object fields;  // body or saved_to, body_bytes, content_type
  std::string text;     // what the text block shows of it
  json::array extra;    // resource link, image
};

Body describe_body(const net::HttpResponse& response, const AnswerContext& ctx) {
  Body out;
  const auto content_type = header(response, "content-type");
  const auto type = media_type(content_type);
  out.fields["content_type"] = content_type;
  out.fields["body_bytes"] = response.body.size();
  if (response.body.empty()) return out;
  if (is_text_body(content_type, response.body) && response.body.size() <= ctx.max_inline_bytes) {
    out.fields["body"] = response.body;
    out.text = "\n\n" + response.body;
    return out;
  }
  const auto path = save_body(response.body, type, ctx.downloads);
  out.fields["saved_to"] = path.string();
  out.text = "\n\nThe body (" + std::to_string(response.body.size()) + " bytes, " +
             (type.empty() ? "no type" : type) + ") was saved to " + path.string() + ".";
  if (ctx.revision >= "2025-06-18")
    out.extra.push_back(json::object{{"type", "resource_link"},
                                     {"uri", "file://" + path.string()},
                                     {"name", path.filename().string()},
                                     {"mimeType", type.empty() ? "application/octet-stream" : type},
                                     {"size", response.body.size()}});
  if (type.starts_with("image/") && response.body.size() <= kMaxInlineImageBytes)
    out.extra.push_back(json::object{
        {"type", "image"}, {"data", base64_encode(response.body)}, {"mimeType", type}});
  return out;
}

json::object tool_result(std::string text, json::object structured, bool is_error,
                         json::array extra = {}) {
  json::array content{json::object{{"type", "text"}, {"text", std::move(text)}}};
  for (auto& e : extra)
    content.push_back(std::move(e));
  return {{"content", std::move(content)},
          {"structuredContent", std::move(structured)},
          {"isError", is_error}};
}

}  // namespace

bool is_text_body(const std::string& content_type, const std::string& body) {
  const auto type = media_type(content_type);
  const bool textual =
      type.empty() || type.starts_with("text/") || type.find("json") != std::string::npos ||
      type.find("xml") != std::string::npos || type.find("javascript") != std::string::npos ||
      type == "application/x-www-form-urlencoded";
  return textual && valid_utf8(body);
}

json::object budget_json(const Budget& budget, const Caps& caps) {
  const auto spent_msat = budget.spent_today_msat();
  const auto spent_sats = (spent_msat + 999) / 1000;
  json::object o{{"day", budget.today()},
                 {"spent_today_sats", spent_sats},
                 {"spent_today_msat", spent_msat},
                 {"per_call_max_sats", caps.per_call_max_sats},
                 {"max_fee_sats", caps.max_fee_sats},
                 {"daily_limit_sats", nullptr},
                 {"remaining_today_sats", nullptr}};
  if (const auto& limit = budget.limit()) {
    o["daily_limit_sats"] = *limit;
    o["remaining_today_sats"] = *limit > spent_sats ? *limit - spent_sats : 0;
  }
  return o;
}

json::object fetch_answer(const FetchResult& r, const AnswerContext& ctx) {
  json::object s{{"outcome", outcome_name(r.status)},
                 {"url", ctx.url},
                 {"paid", r.paid},
                 {"used_cached_credential", r.used_cached},
                 {"budget", ctx.budget}};
  if (!r.message.empty()) s["message"] = r.message;
  if (r.quote) s["quote"] = quote_json(*r.quote);
  if (ctx.credential) s["receipt"] = receipt_json(*ctx.credential);
  if (r.status == FetchStatus::dry_run) {
    const auto text = r.quote ? quote_text(*r.quote) + " Nothing was paid." : r.message;
    return tool_result(text, std::move(s), false);
  }
  // A refusal or a failed payment comes with the 402 it answered; the
  // agent needs the reason, not that challenge again.
  if (!r.response || r.status == FetchStatus::refused || r.status == FetchStatus::payment_failed) {
    if (r.response) s["status"] = r.response->status;
    const std::string what = r.status == FetchStatus::refused          ? "Not paid: "
                             : r.status == FetchStatus::payment_failed ? "Payment failed: "
                                                                       : "No response: ";
    return tool_result(what + r.message + cost_text(r, ctx.credential) + spent_text(ctx.budget),
                       std::move(s), true);
  }
  const auto& response = *r.response;
  s["status"] = response.status;
  s["headers"] = response_headers(response);
  auto body = describe_body(response, ctx);
  for (auto& [k, v] : body.fields)
    s[k] = std::move(v);
  std::string text = "HTTP " + std::to_string(response.status) + " from " + ctx.url + ".";
  if (r.status == FetchStatus::http_error && !r.message.empty()) text += " " + r.message;
  text += cost_text(r, ctx.credential) + spent_text(ctx.budget) + body.text;
  return tool_result(std::move(text), std::move(s), r.status != FetchStatus::ok,
                     std::move(body.extra));
}

}  // namespace l402d::client
