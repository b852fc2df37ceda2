#include "web/web_routes.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <regex>
#include <set>

#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "web/embedded_assets.hpp"
#include "web/qr_code.hpp"

namespace l402d::web {
namespace {

using http::Field;
using http::Status;

class WebRoutes : public ::testing::Test {
 protected:
  WebRoutes() { add_web_routes(router_); }

  http::Response get(std::string target, std::string if_none_match = {}) {
    boost::asio::io_context ioc;
    http::Exchange ex;
    ex.request = http::Request{http::Verb::get, target, 11};
    if (!if_none_match.empty()) ex.request.set(Field::if_none_match, if_none_match);
    auto fut = boost::asio::co_spawn(ioc, router_.route(ex), boost::asio::use_future);
    ioc.run();
    return fut.get();
  }
  static std::string body(const http::Response& r) {
    return std::get<http::StringResponse>(r.message).body();
  }
  static std::string error_code(const http::Response& r) {
    return std::string(boost::json::parse(body(r)).at("error").at("code").as_string());
  }

  http::Router router_;
};

const EmbeddedAsset& asset(std::string_view name) {
  for (const auto& a : embedded_assets())
    if (a.name == name) return a;
  throw std::runtime_error("no asset " + std::string(name));
}

TEST_F(WebRoutes, TheRootServesTheEmbeddedPage) {
  auto r = get("/");
  ASSERT_EQ(r.status(), Status::ok);
  EXPECT_EQ(r.header(Field::content_type), "text/html; charset=utf-8");
  EXPECT_EQ(body(r), asset("index.html").bytes);
  EXPECT_EQ(r.header(Field::cache_control), "no-cache");
  EXPECT_EQ(r.header(Field::etag), "\"" + to_hex(sha256(body(r))) + "\"");
  EXPECT_NE(body(r).find("<script type=\"module\" src=\"/web/app.js\">"), std::string::npos);
}

TEST_F(WebRoutes, EveryFileCarriesTheStrictPolicy) {
  for (const auto& a : embedded_assets()) {
    auto r = get("/web/" + std::string(a.name));
    ASSERT_EQ(r.status(), Status::ok) << a.name;
    EXPECT_EQ(body(r), a.bytes);
    EXPECT_EQ(r.head()["Content-Security-Policy"], kContentSecurityPolicy);
    EXPECT_EQ(r.head()["X-Content-Type-Options"], "nosniff");
  }
  const std::string_view csp = kContentSecurityPolicy;
  for (const char* directive :
       {"default-src 'none'", "script-src 'self';", "img-src 'self' data: blob:",
        "media-src 'self' blob:", "connect-src 'self'", "frame-ancestors 'none'"})
    EXPECT_NE(csp.find(directive), std::string_view::npos) << directive;
  EXPECT_EQ(csp.find("unsafe"), std::string_view::npos) << "no inline script or style";
  EXPECT_EQ(get("/web/app.js").header(Field::content_type), "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/web/app.css").header(Field::content_type), "text/css; charset=utf-8");
}

// The policy forbids inline code: the pages must hold none for them to work.
TEST_F(WebRoutes, ThePageHasNoInlineScriptOrStyle) {
  for (const char* name : {"index.html", "admin.html"}) {
    const std::string html(asset(name).bytes);
    EXPECT_FALSE(std::regex_search(html, std::regex("<script(?![^>]*\\ssrc=)"))) << name;
    EXPECT_EQ(html.find("<style"), std::string::npos) << name;
    EXPECT_EQ(html.find(" style="), std::string::npos) << name;
    EXPECT_FALSE(std::regex_search(html, std::regex("\\son[a-z]+="))) << name;
  }
}

TEST_F(WebRoutes, TheDashboardIsServedAtAdmin) {
  auto r = get("/admin");
  ASSERT_EQ(r.status(), Status::ok);
  EXPECT_EQ(r.header(Field::content_type), "text/html; charset=utf-8");
  EXPECT_EQ(body(r), asset("admin.html").bytes);
  EXPECT_EQ(r.head()["Content-Security-Policy"], kContentSecurityPolicy);
  EXPECT_NE(body(r).find("<script type=\"module\" src=\"/web/admin.js\">"), std::string::npos);
}

// Every file the page and its modules name is one the binary serves.
TEST_F(WebRoutes, EveryReferencedFileIsEmbedded) {
  std::set<std::string> names;
  for (const auto& a : embedded_assets())
    names.insert(std::string(a.name));
  const std::regex ref(R"((?:src|href)="/web/([^"]+)\"|from '\./([^']+)')");
  int found = 0;
  for (const auto& a : embedded_assets()) {
    const std::string text(a.bytes);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), ref);
         it != std::sregex_iterator(); ++it) {
      const std::string name = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
      EXPECT_TRUE(names.count(name)) << a.name << " names " << name;
      ++found;
    }
  }
  EXPECT_GE(found, 5);
}

TEST_F(WebRoutes, AMatchingIfNoneMatchGets304) {
  const std::string etag(get("/").header(Field::etag));
  for (const std::string& header : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    auto r = get("/", header);
    EXPECT_EQ(r.status(), Status::not_modified) << header;
    EXPECT_TRUE(body(r).empty());
    EXPECT_EQ(r.header(Field::etag), etag);
  }
  EXPECT_EQ(get("/", "\"other\"").status(), Status::ok);
}

TEST_F(WebRoutes, QrCodeOfAnInvoice) {
  const std::string invoice = "lnbcrt1u1p43vutdpp5800cvxuzunxa8fa7d9xse94kddvv7rdks5u598t4aev5q";
  auto r = get("/qr.svg?text=" + invoice);
  ASSERT_EQ(r.status(), Status::ok);
  EXPECT_EQ(r.header(Field::content_type), "image/svg+xml");
  EXPECT_NE(r.header(Field::cache_control).find("immutable"), std::string_view::npos);
  EXPECT_EQ(body(r), qr_svg(*encode_qr(qr_payload(invoice))));
  EXPECT_EQ(body(get("/qr.svg?x=1&text=a%20b+c")), qr_svg(*encode_qr("a b c")));
}

TEST_F(WebRoutes, QrTextLimits) {
  EXPECT_EQ(get("/qr.svg?text=" + std::string(kMaxQrText, 'A')).status(), Status::ok);
  auto r = get("/qr.svg?text=" + std::string(kMaxQrText + 1, 'A'));
  EXPECT_EQ(r.status(), Status::bad_request);
  EXPECT_EQ(r.header(Field::content_type), "application/json");
  EXPECT_EQ(error_code(r), "qr_text_too_long");
  EXPECT_EQ(error_code(get("/qr.svg")), "missing_field");
  EXPECT_EQ(error_code(get("/qr.svg?text=")), "missing_field");
  EXPECT_EQ(error_code(get("/qr.svg?text=a%00b")), "invalid_field");
}

TEST(ContentType, ByExtension) {
  EXPECT_EQ(content_type_of("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_of("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_of("a"), "application/octet-stream");
}

}  // namespace
}  // namespace l402d::web
