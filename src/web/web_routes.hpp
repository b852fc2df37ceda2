#pragma once

// The web page and its helpers, all free:
//   GET /             index.html (Cache-Control: no-cache)
//   GET /admin        admin.html, the seller's dashboard (it calls /api/admin/)
//   GET /web/{name}   the pages' other files (CSS, JavaScript modules)
//   GET /qr.svg?text= a QR code of the text, BOLT11 invoices as
//                     LIGHTNING:<INVOICE> (web/qr_code.hpp); 400
//                     qr_text_too_long past kMaxQrText characters
// Files come from the binary (web/embedded_assets.hpp) with an ETag of their
// SHA-256 (If-None-Match -> 304) and a Content-Security-Policy that allows
// nothing but this origin's own scripts, styles and requests.

#include <optional>
#include <string>
#include <string_view>

#include "http/router.hpp"

namespace l402d::web {

// The policy sent with the page: no inline script or style, no other origin.
// Images may be data: or blob: URIs (the preview of an upload), audio blob:.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

void add_web_routes(http::Router& router);

// The Content-Type of an asset, by its extension.
std::string_view content_type_of(std::string_view name);

// True when an If-None-Match header (a list of entity tags, or "*") names
// `etag` (quoted); weak tags compare by their opaque part, as RFC 9110 asks.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace l402d::web
