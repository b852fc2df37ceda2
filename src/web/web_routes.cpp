#include "web/web_routes.hpp"

#include <array>
#include <utility>

#include "http/json_error.hpp"
#include "http/query_string.hpp"
#include "util/text.hpp"
#include "web/embedded_assets.hpp"
#include "web/qr_code.hpp"

namespace l402d::web {

using http::Exchange;
using http::Response;

namespace {

// Headers every page file carries: what the browser may load and run.
void set_page_headers(http::StringResponse& res, const std::string& etag) {
  res.set(http::Field::etag, etag);
  // The page itself must be revalidated each time, so a new binary's page is
  // seen at once; its files too, since their names do not change with them.
  res.set(http::Field::cache_control, "no-cache");
  res.set("Content-Security-Policy", kContentSecurityPolicy);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
}

http::Handler asset_handler(const EmbeddedAsset& asset) {
  const std::string etag = "\"" + std::string(asset.sha256) + "\"";
  return [&asset, etag](Exchange& ex) -> boost::asio::awaitable<Response> {
    const auto& req = ex.request;
    if (etag_matches(req[http::Field::if_none_match], etag)) {
      http::StringResponse res{http::Status::not_modified, req.version()};
      res.set(http::Field::server, "l402d");
      res.keep_alive(req.keep_alive());
      set_page_headers(res, etag);
      co_return res;
    }
    auto res = http::make_response(req, http::Status::ok, std::string(content_type_of(asset.name)),
                                   std::string(asset.bytes));
    set_page_headers(res, etag);
    co_return res;
  };
}

const EmbeddedAsset* find_asset(std::string_view name) {
  for (const auto& a : embedded_assets())
    if (a.name == name) return &a;
  return nullptr;
}

boost::asio::awaitable<Response> qr_code(Exchange& ex) {
  const auto& req = ex.request;
  const auto params = http::query_parameters(req.target());
  const auto found = params.find("text");
  const auto text =
      found == params.end() ? std::nullopt : std::optional<std::string>(found->second);
  if (!text || text->empty()) {
    co_return http::error_response(req, http::Status::bad_request, "missing_field",
                                   "Give the text to encode: /qr.svg?text=<invoice>.");
  }
  if (text->size() > kMaxQrText) {
    co_return http::error_response(req, http::Status::bad_request, "qr_text_too_long",
                                   "The text is too long for a QR code here: at most " +
                                       std::to_string(kMaxQrText) + " characters.");
  }
  const auto code = encode_qr(qr_payload(*text));
  if (!code) {
    co_return http::error_response(req, http::Status::bad_request, "invalid_field",
                                   "This text cannot be put in a QR code.");
  }
  auto res = http::make_response(req, http::Status::ok, "image/svg+xml", qr_svg(*code));
  // The picture depends on the URL alone.
  res.set(http::Field::cache_control, "public, max-age=31536000, immutable");
  res.set("Content-Security-Policy", "default-src 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  co_return res;
}

}  // namespace

std::string_view content_type_of(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".json", "application/json"},
  }};
  for (const auto& [ext, type] : kTypes)
    if (name.ends_with(ext)) return type;
  return "application/octet-stream";
}

bool etag_matches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    auto tag = trim_ows(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

void add_web_routes(http::Router& router) {
  if (const auto* index = find_asset("index.html")) {
    router.add(http::Verb::get, "/", asset_handler(*index));
  }
  // The seller's dashboard: public like the buyer's page, since it holds no
  // secret; every call it makes carries the admin token the operator pastes.
  if (const auto* admin = find_asset("admin.html")) {
    router.add(http::Verb::get, "/admin", asset_handler(*admin));
  }
  for (const auto& asset : embedded_assets()) {
    router.add(http::Verb::get, "/web/" + std::string(asset.name), asset_handler(asset));
  }
  router.add(http::Verb::get, "/qr.svg", qr_code);
}

}  // namespace l402d::web
