#include "web/qr_code.hpp"

#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <iterator>
#include <optional>
#include <sstream>
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

// The path's "d" attribute, read by a real XML parser: a document it
// refuses, or one without exactly one path, gives nullopt.
std::optional<std::string> path_data(const std::string& svg) {
  namespace pt = boost::property_tree;
  pt::ptree doc;
  std::istringstream in(svg);
  try {
    pt::read_xml(in, doc);
  } catch (const pt::xml_parser_error&) {
    return std::nullopt;
  }
  if (doc.size() != 1 || doc.front().first != "svg") return std::nullopt;
  const auto paths = doc.front().second.equal_range("path");
  if (std::distance(paths.first, paths.second) != 1) return std::nullopt;
  const auto d = paths.first->second.get_optional<std::string>("<xmlattr>.d");
  if (!d) return std::nullopt;
  return *d;
}

// The dark modules a path draws, read back from its "Mx yhNv1h-Nz" runs, so
// the test checks the picture and not just that there is one. A scanner, not
// std::regex: libstdc++'s regex recurses per character and overflows the
// stack on a path this long under ASan.
std::vector<bool> drawn_modules(const std::string& d, int width) {
  std::vector<bool> dark(static_cast<std::size_t>(width * width));
  std::istringstream in(d);
  char m = 0, h = 0, v = 0, h2 = 0, z = 0;
  int x = 0, y = 0, n = 0, one = 0, back = 0;
  while (in >> m >> x >> y >> h >> n >> v >> one >> h2 >> back >> z) {
    EXPECT_EQ(std::string({m, h, v, h2, z}), "Mhvhz");
    EXPECT_EQ(one, 1);
    EXPECT_EQ(back, -n);
    for (int i = 0; i < n; ++i)
      dark[static_cast<std::size_t>((y - 4) * width + x - 4 + i)] = true;
  }
  EXPECT_TRUE(in.eof()) << "unparsed path data from " << in.tellg();
  return dark;
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
  const auto d = path_data(svg);
  ASSERT_TRUE(d.has_value()) << svg;
  const std::string side = std::to_string(code.width + 8);
  EXPECT_NE(svg.find("viewBox=\"0 0 " + side + " " + side + "\""), std::string::npos);
  EXPECT_EQ(drawn_modules(*d, code.width), code.dark);
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
