#include "web/qr_code.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace l402d::web {
namespace {

// A regtest invoice of the length the builtin node issues.
const std::string kInvoice =
    "lnbcrt1u1p43vutdpp5800cvxuzunxa8fa7d9xse94kddvv7rdks5u598t4aev5q3prc7rqsp5z4h9xhgsercqa9plfdgt"
    "wpt3mn97udx6258epcykvya0s00e852qdqsfs6rqv3qd46hx6trxqrrsscqpj9qrsgqaphca04v6z3c0z9qp06j6hepqdc"
    "ytlhmn3n5zl4zana5t2m4r0mh0a9etuj2n0ekrjmn2vzpkm0ucm5659twuud80uylj86y7jek8msqnzl32n";

QrCode encoded(const std::string& payload) {
  auto code = encode_qr(payload);
  EXPECT_TRUE(code.has_value()) << payload;
  return code.value_or(QrCode{});
}

// The dark modules an SVG's path draws, read back from its "Mx yhNv1h-Nz"
// runs, so the test checks the picture and not just that there is one.
std::vector<bool> drawn_modules(const std::string& svg, int width) {
  std::vector<bool> dark(static_cast<std::size_t>(width * width));
  static const std::regex run(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), run); it != std::sregex_iterator();
       ++it) {
    const int x = std::stoi((*it)[1]) - 4, y = std::stoi((*it)[2]) - 4, n = std::stoi((*it)[3]);
    EXPECT_EQ(n, std::stoi((*it)[4]));
    for (int i = 0; i < n; ++i)
      dark[static_cast<std::size_t>(y * width + x + i)] = true;
  }
  return dark;
}

// Well-formed enough for any XML parser: one root, every tag closed in order,
// attribute values quoted and free of markup.
bool well_formed(const std::string& svg) {
  static const std::regex tag(R"(<(/?)([a-zA-Z]+)((?:\s+[a-zA-Z:-]+="[^"<&]*")*)\s*(/?)>)");
  std::vector<std::string> open;
  std::size_t pos = svg.find("?>");
  if (!svg.starts_with("<?xml ") || pos == std::string::npos) return false;
  pos += 2;
  int roots = 0;
  while ((pos = svg.find('<', pos)) != std::string::npos) {
    std::smatch m;
    const std::string rest = svg.substr(pos);
    if (!std::regex_search(rest, m, tag, std::regex_constants::match_continuous)) return false;
    if (m[1] == "/") {
      if (open.empty() || open.back() != m[2]) return false;
      open.pop_back();
    } else {
      if (open.empty()) ++roots;
      if (m[4] != "/") open.push_back(m[2]);
    }
    pos += static_cast<std::size_t>(m.length(0));
  }
  return open.empty() && roots == 1;
}

TEST(QrPayload, InvoicesBecomeUpperCaseLightningUris) {
  std::string upper = kInvoice;
  for (auto& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(qr_payload(kInvoice), "LIGHTNING:" + upper);
  EXPECT_EQ(qr_payload("lightning:" + kInvoice), "LIGHTNING:" + upper);
  EXPECT_EQ(qr_payload("LIGHTNING:" + upper), "LIGHTNING:" + upper);
}

TEST(QrPayload, OtherTextIsKeptAsGiven) {
  EXPECT_EQ(qr_payload("https://example.com/a?b=c"), "https://example.com/a?b=c");
  EXPECT_EQ(qr_payload("hello world"), "hello world");
  EXPECT_EQ(qr_payload("lnbc1 with spaces"), "lnbc1 with spaces");
}

// At level M a version 1 symbol holds 20 alphanumeric characters but only 14
// bytes: upper case text must be packed in alphanumeric mode.
TEST(QrCode, UpperCaseTextUsesAlphanumericMode) {
  EXPECT_EQ(encoded(std::string(20, 'A')).version, 1);
  EXPECT_EQ(encoded(std::string(21, 'A')).version, 2);
  EXPECT_EQ(encoded(std::string(20, 'a')).version, 2);
  EXPECT_EQ(encoded("LIGHTNING:ABC123").version, 1);
}

TEST(QrCode, AnInvoiceFitsASmallerCodeUpperCased) {
  const auto upper = encoded(qr_payload(kInvoice));
  const auto lower = encoded("lightning:" + kInvoice);
  // 281 alphanumeric characters: version 10 at M holds 311, version 9 262.
  EXPECT_EQ(upper.version, 10);
  EXPECT_GT(lower.version, upper.version);
}

TEST(QrCode, WidthFollowsTheVersion) {
  for (const std::string& text :
       {std::string("A"), std::string(100, 'B'), qr_payload(kInvoice), std::string(1000, 'x')}) {
    const auto code = encoded(text);
    EXPECT_EQ(code.width, 17 + 4 * code.version) << text.size();
    EXPECT_EQ(code.dark.size(), static_cast<std::size_t>(code.width * code.width));
  }
}

TEST(QrCode, RefusesWhatNoCodeCanHold) {
  EXPECT_FALSE(encode_qr(""));
  EXPECT_FALSE(encode_qr(std::string("a\0b", 3)));
  EXPECT_FALSE(encode_qr(std::string(5000, 'x')));
  EXPECT_TRUE(encode_qr(std::string(kMaxQrText, 'x'))) << "the route's limit always fits";
}

TEST(QrSvg, IsWellFormedWithTheQuietZoneAndDrawsEveryModule) {
  const auto code = encoded(qr_payload(kInvoice));
  const auto svg = qr_svg(code);
  EXPECT_TRUE(well_formed(svg)) << svg;
  const std::string side = std::to_string(code.width + 8);
  EXPECT_NE(svg.find("viewBox=\"0 0 " + side + " " + side + "\""), std::string::npos);
  EXPECT_EQ(drawn_modules(svg, code.width), code.dark);
  // The three finder patterns: the top-left corner module is dark, the one
  // just inside the separator light.
  EXPECT_TRUE(code.at(0, 0));
  EXPECT_FALSE(code.at(7, 7));
}

TEST(QrSvg, IsDeterministic) {
  EXPECT_EQ(qr_svg(encoded(qr_payload(kInvoice))), qr_svg(encoded(qr_payload(kInvoice))));
  EXPECT_NE(qr_svg(encoded("A")), qr_svg(encoded("B")));
}

}  // namespace
}  // namespace l402d::web
