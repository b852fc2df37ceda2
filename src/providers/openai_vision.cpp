#include "providers/openai_vision.hpp"

#include <boost/json.hpp>

#include "util/base64.hpp"

namespace l402d::providers {

namespace json = boost::json;

OpenAiVision::OpenAiVision(OpenAiVisionOptions options) : options_(std::move(options)) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/')
    options_.base_url.pop_back();
}

std::string OpenAiVision::name() const {
  return "openai:" + options_.model;
}

std::string OpenAiVision::request_body(const engines::VisionJob& job, bool stream) const {
  json::object image_url;
  image_url["url"] = "data:" + job.mime_type + ";base64," + base64_encode(job.image);
  json::array content;
  content.push_back(json::object{{"type", "text"}, {"text", job.prompt}});
  content.push_back(json::object{{"type", "image_url"}, {"image_url", std::move(image_url)}});
  json::object message{{"role", "user"}, {"content", std::move(content)}};
  json::object body{{"model", options_.model},
                    {"messages", json::array{std::move(message)}},
                    {"max_tokens", options_.max_tokens},
                    {"temperature", options_.temperature}};
  if (stream) body["stream"] = true;
  return json::serialize(body);
}

net::HttpRequest OpenAiVision::http_request(const engines::VisionJob& job, bool stream) const {
  net::HttpRequest req;
  req.method = "POST";
  req.url = options_.base_url + "/chat/completions";
  req.headers.emplace_back("Content-Type", "application/json");
  if (stream) req.headers.emplace_back("Accept", "text/event-stream");
  if (!options_.api_key.empty())
    req.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
  req.body = request_body(job, stream);
  req.timeout = options_.timeout;
  return req;
}

namespace {

// `content` is a string, or (some servers) an array of {"type":"text","text":...}.
std::string content_text(const json::value& content) {
  if (content.is_string()) return std::string(content.as_string());
  std::string out;
  if (content.is_array()) {
    for (const auto& part : content.as_array()) {
      if (!part.is_object()) continue;
      if (const auto* t = part.as_object().if_contains("text"); t && t->is_string()) {
        out += t->as_string();
      }
    }
  }
  return out;
}

std::string provider_message(std::string_view body) {
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const auto* err = v.as_object().if_contains("error");
  if (!err) return {};
  if (err->is_string()) return std::string(err->as_string());
  if (err->is_object()) {
    if (const auto* m = err->as_object().if_contains("message"); m && m->is_string()) {
      return std::string(m->as_string());
    }
  }
  return {};
}

}  // namespace

void throw_provider_error(std::string_view provider, long status, std::string_view body) {
  std::string detail = provider_message(body);
  if (detail.size() > 300) detail = detail.substr(0, 300) + "...";
  std::string suffix = detail.empty() ? "" : ": " + detail;
  std::string p(provider);
  if (status == 401 || status == 403) {
    throw engines::EngineError("provider_auth",
                               p + " refused our credentials (HTTP " + std::to_string(status) +
                                   "); the seller must check the API key" + suffix,
                               false);
  }
  if (status == 404) {
    throw engines::EngineError("provider_not_found",
                               p + " does not know the configured model or endpoint" + suffix,
                               false);
  }
  if (status == 429) {
    throw engines::EngineError("provider_rate_limited",
                               p + " is rate limiting us; try again in a minute" + suffix);
  }
  if (status >= 500) {
    throw engines::EngineError(
        "provider_unavailable",
        p + " failed (HTTP " + std::to_string(status) + "); try again later" + suffix);
  }
  throw engines::EngineError(
      "provider_rejected",
      p + " rejected the request (HTTP " + std::to_string(status) + ")" + suffix, false);
}

void throw_transport_error(std::string_view provider, const net::HttpError& e) {
  std::string p(provider);
  if (e.kind() == net::HttpError::Kind::timeout) {
    throw engines::EngineError("provider_timeout", p + " did not answer in time; try again");
  }
  throw engines::EngineError("provider_unreachable",
                             p + " could not be reached (" + std::string(e.what()) + ")");
}

engines::VisionResult OpenAiVision::answer(const engines::VisionJob& job) {
  net::HttpResponse res;
  try {
    res = net::perform_with_retries(http_request(job, false), options_.retry);
  } catch (const net::HttpError& e) {
    throw_transport_error("the vision provider", e);
  }
  if (res.status != 200) throw_provider_error("the vision provider", res.status, res.body);
  json::error_code ec;
  auto v = json::parse(res.body, ec);
  const json::value* content = nullptr;
  if (!ec && v.is_object()) {
    if (const auto* choices = v.as_object().if_contains("choices");
        choices && choices->is_array() && !choices->as_array().empty()) {
      const auto& first = choices->as_array().front();
      if (first.is_object()) {
        if (const auto* msg = first.as_object().if_contains("message"); msg && msg->is_object()) {
          content = msg->as_object().if_contains("content");
        }
      }
    }
  }
  if (!content) {
    throw engines::EngineError("provider_bad_response",
                               "the vision provider answered without choices[0].message.content");
  }
  auto text = content_text(*content);
  if (text.empty()) {
    throw engines::EngineError("provider_empty_answer",
                               "the vision provider returned an empty answer");
  }
  return {std::move(text)};
}

engines::VisionResult OpenAiVision::answer_streaming(const engines::VisionJob& job,
                                                     const engines::TextSink& sink) {
  std::string pending;  // an incomplete SSE line carried between chunks
  std::string text;
  std::string error_body;
  bool done = false;
  auto on_line = [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.rfind("data:", 0) != 0) return;
    auto data = line.substr(5);
    while (!data.empty() && data.front() == ' ')
      data.remove_prefix(1);
    if (data == "[DONE]") {
      done = true;
      return;
    }
    json::error_code ec;
    auto v = json::parse(data, ec);
    if (ec || !v.is_object()) return;
    const auto* choices = v.as_object().if_contains("choices");
    if (!choices || !choices->is_array() || choices->as_array().empty()) return;
    const auto& c = choices->as_array().front();
    if (!c.is_object()) return;
    const auto* delta = c.as_object().if_contains("delta");
    if (!delta || !delta->is_object()) return;
    const auto* content = delta->as_object().if_contains("content");
    if (!content) return;
    auto piece = content_text(*content);
    if (piece.empty()) return;
    text += piece;
    sink(piece);
  };
  net::HttpResponse res;
  try {
    res = net::perform(http_request(job, true), [&](std::string_view chunk) {
      if (error_body.size() < 65536) error_body.append(chunk);
      pending.append(chunk);
      std::size_t start = 0;
      for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n', start)) {
        on_line(std::string_view(pending).substr(start, nl - start));
        start = nl + 1;
      }
      pending.erase(0, start);
      return true;
    });
  } catch (const net::HttpError& e) {
    throw_transport_error("the vision provider", e);
  }
  if (res.status != 200) throw_provider_error("the vision provider", res.status, error_body);
  if (!pending.empty()) on_line(pending);
  (void)done;
  if (text.empty()) {
    throw engines::EngineError("provider_empty_answer",
                               "the vision provider returned an empty answer");
  }
  return {std::move(text)};
}

}  // namespace l402d::providers
