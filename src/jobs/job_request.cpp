#include "jobs/job_request.hpp"

#include <boost/json.hpp>
#include <optional>

#include "net/url_parts.hpp"
#include "util/text.hpp"

namespace l402d::jobs {

namespace {

constexpr std::size_t kMaxCallbackUrl = 2048;

// ?async=true or ?async=1 anywhere in the query string.
bool query_asks_async(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return false;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    if (pair == "async=true" || pair == "async=1") return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

Expected<std::string, JobRequestError> callback_url_of(const boost::json::object& body) {
  const auto* value = body.if_contains("callback_url");
  if (!value || value->is_null()) return std::string();
  const auto* text = value->if_string();
  const JobRequestError bad{"callback_url_invalid",
                            "callback_url must be an absolute http:// or https:// URL with a "
                            "host and no user:password, at most 2048 characters."};
  if (!text || text->empty() || text->size() > kMaxCallbackUrl) return unexpected(bad);
  const std::string url(*text);
  const auto scheme = net::url_scheme(url);
  if ((scheme != "http" && scheme != "https") || net::url_host(url).empty() ||
      net::url_has_userinfo(url))
    return unexpected(bad);
  return url;
}

bool looks_like_object(std::string_view body) {
  body = trim_space(body);
  return !body.empty() && body.front() == '{';
}

}  // namespace

bool prefers_respond_async(std::string_view prefer) {
  while (!prefer.empty()) {
    const auto comma = prefer.find(',');
    auto item = trim_ows(prefer.substr(0, comma));
    item = trim_ows(item.substr(0, item.find(';')));
    if (iequals_ascii(item, "respond-async")) return true;
    if (comma == std::string_view::npos) break;
    prefer.remove_prefix(comma + 1);
  }
  return false;
}

Expected<JobRequest, JobRequestError> read_job_request(const http::Exchange& ex) {
  JobRequest out;
  for (const auto& field : ex.request) {
    if (iequals_ascii(field.name_string(), "Prefer") && prefers_respond_async(field.value()))
      out.async = true;
  }
  if (query_asks_async(ex.request.target())) out.async = true;
  // A route's validation filter parsed the body already; a route without
  // one (a service that takes any body) has it parsed here, once.
  std::optional<boost::json::value> parsed;
  if (!ex.json_body && looks_like_object(ex.request.body())) {
    boost::json::error_code ec;
    parsed = boost::json::parse(ex.request.body(), ec);
    if (ec) parsed.reset();
  }
  const auto* value = ex.json_body ? ex.json_body.get() : (parsed ? &*parsed : nullptr);
  const auto* body = value ? value->if_object() : nullptr;
  if (!body) return out;
  if (const auto* flag = body->if_contains("async")) {
    if (!flag->is_bool()) {
      return unexpected(JobRequestError{"async_flag_invalid", "async must be true or false."});
    }
    if (flag->as_bool()) out.async = true;
  }
  auto url = callback_url_of(*body);
  if (!url) return unexpected(std::move(url.error()));
  out.callback_url = std::move(*url);
  if (!out.callback_url.empty()) out.async = true;
  return out;
}

}  // namespace l402d::jobs
