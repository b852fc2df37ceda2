#include "client/mcp_fetch_arguments.hpp"

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <stdexcept>
#include <string_view>

#include "client/url.hpp"
#include "util/text.hpp"

namespace l402d::client {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 6> kMethods = {"GET", "HEAD",  "POST",
                                                      "PUT", "PATCH", "DELETE"};

// Set by the fetcher (credentials) or by the transport (framing, host).
constexpr std::array<std::string_view, 9> kReservedHeaders = {
    "authorization",     "payment-signature", "x-payment", "host",  "content-length",
    "transfer-encoding", "connection",        "upgrade",   "expect"};

using Error = Unexpected<std::string>;

bool known_argument(std::string_view name) {
  for (std::string_view known : {"url", "method", "headers", "body", "json", "max_sats", "dry_run"})
    if (name == known) return true;
  return false;
}

std::optional<std::string> check_header(std::string_view name, const json::value& value) {
  const std::string shown = "header \"" + std::string(name) + "\"";
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_tchar))
    return shown + " is not a valid header name.";
  for (std::string_view reserved : kReservedHeaders)
    if (iequals_ascii(name, reserved))
      return shown + " is set by l402 itself: credentials are the wallet's to send.";
  if (!value.is_string()) return shown + " must be a string.";
  const auto& text = value.get_string();
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return c == '\r' || c == '\n' || c == '\0'; }))
    return shown + " must be one line.";
  return std::nullopt;
}

std::optional<std::string> read_headers(const json::object& arguments, net::HttpRequest& request) {
  const auto* headers = arguments.if_contains("headers");
  if (!headers) return std::nullopt;
  if (!headers->is_object()) return "\"headers\" must be an object of header names to values.";
  for (const auto& [name, value] : headers->get_object()) {
    if (auto problem = check_header(name, value)) return problem;
    request.headers.emplace_back(std::string(name), std::string(value.get_string()));
  }
  return std::nullopt;
}

bool has_header(const net::HttpRequest& request, std::string_view name) {
  return std::any_of(request.headers.begin(), request.headers.end(),
                     [&](const auto& h) { return iequals_ascii(h.first, name); });
}

std::optional<std::string> read_body(const json::object& arguments, net::HttpRequest& request) {
  const auto* body = arguments.if_contains("body");
  const auto* json_body = arguments.if_contains("json");
  if (body && json_body) return "Give \"body\" or \"json\", not both.";
  if (body) {
    if (!body->is_string()) return "\"body\" must be a string (use \"json\" for a JSON value).";
    request.body = std::string(body->get_string());
  } else if (json_body) {
    request.body = json::serialize(*json_body);
    if (!has_header(request, "content-type"))
      request.headers.emplace_back("Content-Type", "application/json");
  }
  return std::nullopt;
}

std::optional<std::string> read_method(const json::object& arguments, net::HttpRequest& request) {
  const bool has_body = arguments.contains("body") || arguments.contains("json");
  request.method = has_body ? "POST" : "GET";
  const auto* method = arguments.if_contains("method");
  if (!method) return std::nullopt;
  if (!method->is_string()) return "\"method\" must be a string.";
  std::string upper(method->get_string());
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (std::find(kMethods.begin(), kMethods.end(), upper) == kMethods.end())
    return "\"method\" must be one of GET, HEAD, POST, PUT, PATCH, DELETE.";
  if (has_body && (upper == "GET" || upper == "HEAD")) return upper + " carries no body.";
  request.method = std::move(upper);
  return std::nullopt;
}

std::optional<std::string> read_url(const json::object& arguments, net::HttpRequest& request) {
  const auto* url = arguments.if_contains("url");
  if (!url || !url->is_string())
    return "\"url\" is required: the http:// or https:// URL to fetch.";
  try {
    parse_url(url->get_string());
  } catch (const std::invalid_argument& e) {
    return std::string("\"url\": ") + e.what();
  }
  request.url = std::string(url->get_string());
  return std::nullopt;
}

std::optional<std::string> read_limits(const json::object& arguments, FetchArguments& out) {
  if (const auto* max = arguments.if_contains("max_sats")) {
    if (max->is_uint64()) {
      out.max_sats = max->get_uint64();
    } else if (max->is_int64() && max->get_int64() >= 0) {
      out.max_sats = static_cast<std::uint64_t>(max->get_int64());
    } else {
      return "\"max_sats\" must be a whole number of sats, 0 or more.";
    }
  }
  if (const auto* dry = arguments.if_contains("dry_run")) {
    if (!dry->is_bool()) return "\"dry_run\" must be true or false.";
    out.dry_run = dry->get_bool();
  }
  return std::nullopt;
}

}  // namespace

Expected<FetchArguments, std::string> read_fetch_arguments(const json::object& arguments,
                                                           std::chrono::milliseconds timeout) {
  for (const auto& member : arguments)
    if (!known_argument(member.key()))
      return Error{"Unknown argument \"" + std::string(member.key()) +
                   "\": expected url, method, headers, body, json, max_sats, dry_run."};
  FetchArguments out;
  out.request.timeout = timeout;
  for (auto step : {read_url, read_headers, read_body, read_method}) {
    if (auto problem = step(arguments, out.request)) return Error{std::move(*problem)};
  }
  if (auto problem = read_limits(arguments, out)) return Error{std::move(*problem)};
  return out;
}

}  // namespace l402d::client
