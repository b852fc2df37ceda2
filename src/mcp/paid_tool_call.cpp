#include "mcp/paid_tool_call.hpp"

#include <boost/json.hpp>

#include "util/auth_challenges.hpp"
#include "util/base64.hpp"

namespace l402d::mcp {

namespace {

json::object text_block(std::string text) {
  return {{"type", "text"}, {"text", std::move(text)}};
}

json::object body_of(const http::StringResponse& answer) {
  json::error_code ec;
  auto v = json::parse(answer.body(), ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

std::string string_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string number_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_number() ? json::serialize(*v) : std::string("?");
}

std::string error_message(const json::object& body) {
  const auto* e = body.if_contains("error");
  if (!e || !e->is_object()) return {};
  return string_of(e->get_object(), "code") + ": " + string_of(e->get_object(), "message");
}

// A header carrying base64 (or base64url) JSON, decoded; null when absent or
// unreadable.
json::value decoded_header(const http::StringResponse& answer, std::string_view name) {
  auto it = answer.find(name);
  if (it == answer.end()) return nullptr;
  auto bytes = base64_decode(it->value());
  if (!bytes) return nullptr;
  json::error_code ec;
  auto v = json::parse(
      std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), ec);
  return ec ? json::value(nullptr) : v;
}

std::string payment_words(const AnswerTerms& t, const json::object& body) {
  std::string refused = error_message(body);
  std::string w;
  if (!refused.empty() && !refused.starts_with("payment_required:"))
    w += "The payment given was not accepted (" + refused + "). A new invoice follows.\n";
  w += "Payment required: " + number_of(body, "price_sats") + " sats for this call of " + t.tool +
       ".\n" + "invoice: " + string_of(body, "invoice") + "\n" +
       "macaroon: " + string_of(body, "macaroon") + "\n" +
       "payment_hash: " + string_of(body, "payment_hash") + "\n" +
       "expires_at (unix seconds): " + number_of(body, "expires_at") + "\n" +
       "Pay the invoice with any Lightning wallet; it gives you the preimage (64 hex digits). "
       "Then call " +
       t.tool +
       " again with exactly the same arguments plus payment: {\"macaroon\": \"<macaroon above>\", "
       "\"preimage\": \"<preimage>\"}. The payment buys this one call.";
  return w;
}

// What the 402 asks for, as fields a program reads; with the x402 rail on,
// also x402's PaymentRequired members (x402Version, resource, accepts), so
// an x402 MCP client finds them where its transport spec puts them.
json::object payment_request(const json::object& body, const json::value& x402) {
  json::object s{{"amount_sats", body.contains("price_sats") ? body.at("price_sats") : nullptr},
                 {"invoice", string_of(body, "invoice")},
                 {"macaroon", string_of(body, "macaroon")},
                 {"payment_hash", string_of(body, "payment_hash")},
                 {"expires_at", body.contains("expires_at") ? body.at("expires_at") : nullptr}};
  if (const auto* offer = x402.if_object())
    for (const auto& [key, value] : *offer)
      if (!s.contains(key)) s[key] = value;
  s["error"] = "Payment required";
  return s;
}

// The draft's challenge object: the HTTP auth-params, the request decoded
// from base64url JSON into JSON.
json::object mpp_challenge(const AuthChallenge& c) {
  json::object o;
  for (const auto& [name, value] : c.params) {
    if (name != "request") {
      o[name] = value;
      continue;
    }
    auto bytes = base64_decode(value);
    json::error_code ec;
    auto request =
        bytes
            ? json::parse(
                  std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), ec)
            : json::value(nullptr);
    o[name] = ec ? json::value(value) : request;
  }
  return o;
}

json::array mpp_challenges(const http::StringResponse& answer) {
  json::array out;
  auto [first, last] = answer.equal_range(http::Field::www_authenticate);
  for (auto field = first; field != last; ++field)
    for (const auto& c : parse_auth_challenges(field->value()))
      if (c.is("Payment")) out.push_back(mpp_challenge(c));
  return out;
}

Expected<json::object, RpcError> payment_required(const http::StringResponse& answer,
                                                  const AnswerTerms& t) {
  const auto body = body_of(answer);
  if (t.mpp_in_band) {
    auto challenges = mpp_challenges(answer);
    if (!challenges.empty()) {
      json::object data{{"httpStatus", 402},
                        {"challenges", std::move(challenges)},
                        {"problem",
                         {{"type", "https://paymentauth.org/problems/payment-required"},
                          {"title", "Payment Required"},
                          {"status", 402},
                          {"detail", payment_words(t, body)}}}};
      return unexpected(RpcError{RpcCode::payment_required, "Payment Required", std::move(data)});
    }
  }
  const auto x402 = decoded_header(answer, "PAYMENT-REQUIRED");
  auto result = tool_error(payment_words(t, body), payment_request(body, x402));
  if (!x402.is_null()) result["_meta"] = json::object{{"x402/payment-required", x402}};
  return result;
}

json::object job_accepted(const json::object& body) {
  const auto id = string_of(body, "job_id");
  std::string w = "Job " + id + " is " + string_of(body, "status") + " (stage " +
                  string_of(body, "stage") + "). Call check_job with job_id \"" + id +
                  "\" and the same payment about every " + number_of(body, "poll_interval_ms") +
                  " ms until it returns the result. poll_url: " + string_of(body, "poll_url");
  json::array content{text_block(std::move(w))};
  return {{"content", std::move(content)}, {"structuredContent", body}, {"isError", false}};
}

// Receipts of the rails, for clients that read them in-band.
json::object receipts(const http::StringResponse& answer) {
  json::object meta;
  if (auto x402 = decoded_header(answer, "PAYMENT-RESPONSE"); !x402.is_null())
    meta["x402/payment-response"] = std::move(x402);
  if (auto mpp = decoded_header(answer, "Payment-Receipt"); !mpp.is_null())
    meta["org.paymentauth/receipt"] = std::move(mpp);
  return meta;
}

// The song's type from its URL, so a client can play the link without
// fetching it first; empty when the extension says nothing.
std::string audio_type(std::string_view url) {
  if (url.ends_with(".mp3")) return "audio/mpeg";
  if (url.ends_with(".wav")) return "audio/wav";
  return {};
}

json::object song_link(const std::string& url) {
  json::object link{
      {"type", "resource_link"}, {"uri", url}, {"name", "song"}, {"title", "The song"}};
  if (auto type = audio_type(url); !type.empty()) link["mimeType"] = type;
  return link;
}

json::object paid_result(const http::StringResponse& answer, const AnswerTerms& t) {
  const auto body = body_of(answer);
  json::array content;
  if (auto text = string_of(body, "content"); !text.empty()) content.push_back(text_block(text));
  if (auto url = string_of(body, "audioUrl"); !url.empty()) {
    content.push_back(text_block("The song: " + url));
    if (t.resource_links) content.push_back(song_link(url));
  }
  if (content.empty()) content.push_back(text_block(answer.body()));
  json::object result{{"content", std::move(content)}, {"isError", false}};
  if (!body.empty()) result["structuredContent"] = body;
  if (auto meta = receipts(answer); !meta.empty()) result["_meta"] = std::move(meta);
  return result;
}

json::object refused(const http::StringResponse& answer) {
  auto body = body_of(answer);
  auto words = error_message(body);
  if (words.empty()) words = "HTTP " + std::to_string(answer.result_int()) + ": " + answer.body();
  if (auto retry = answer.find(http::Field::retry_after); retry != answer.end())
    words += " (retry after " + std::string(retry->value()) + " s)";
  return tool_error(std::move(words), std::move(body));
}

}  // namespace

json::object tool_error(std::string text, json::object structured) {
  json::object result{{"content", json::array{text_block(std::move(text))}}, {"isError", true}};
  if (!structured.empty()) result["structuredContent"] = std::move(structured);
  return result;
}

Expected<json::object, RpcError> tool_result_of(const http::StringResponse& answer,
                                                const AnswerTerms& terms) {
  switch (answer.result()) {
    case http::Status::payment_required:
      return payment_required(answer, terms);
    case http::Status::accepted:
      return job_accepted(body_of(answer));
    case http::Status::ok:
      return paid_result(answer, terms);
    default:
      return refused(answer);
  }
}

}  // namespace l402d::mcp
