#include "l402/satisfier.hpp"

#include <gtest/gtest.h>

#include "l402/caveat.hpp"
#include "util/hex.hpp"

namespace l402d::l402 {
namespace {

std::optional<VerifyError> check(std::vector<std::string_view> caveats, std::string_view service,
                                 std::int64_t now = 1000,
                                 std::optional<std::string_view> capability = std::nullopt,
                                 std::optional<Hash32> request = std::nullopt) {
  const ServicesSatisfier s(service);
  const CapabilitiesSatisfier c(service, capability);
  const ValidUntilSatisfier t(service, now);
  const RequestSatisfier r(service, request);
  const Satisfier* const all[] = {&s, &c, &t, &r};
  return verify_caveats(std::span<const std::string_view>(caveats), all);
}

std::optional<VerifyCode> code(const std::optional<VerifyError>& e) {
  if (!e) return std::nullopt;
  return e->code;
}

TEST(Caveat, SplitAndFormat) {
  auto p = split_caveat("a=b=c");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->condition, "a");
  EXPECT_EQ(p->value, "b=c");
  EXPECT_FALSE(split_caveat("no equals"));
  EXPECT_EQ(format_caveat("x", "y"), "x=y");
  const ServiceGrant grants[] = {{"music", 0}, {"vision", 2}};
  EXPECT_EQ(services_caveat(grants), "services=music:0,vision:2");
  const std::vector<std::string> caps = {"a", "b"};
  EXPECT_EQ(capabilities_caveat("music", caps), "music_capabilities=a,b");
  EXPECT_EQ(capabilities_caveat("music", {}), "music_capabilities=");
  EXPECT_EQ(valid_until_caveat("music", 42), "music_valid_until=42");
  Hash32 h{};
  h[0] = 0xab;
  EXPECT_EQ(request_caveat("music", h), "music_request=ab" + std::string(62, '0'));
  EXPECT_EQ(preimage_caveat(h), "preimage=ab" + std::string(62, '0'));
}

TEST(Caveat, ParseServices) {
  std::vector<ServiceTier> out;
  ASSERT_TRUE(parse_services("a:0,b:255", out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].name, "b");
  EXPECT_EQ(out[1].tier, 255);
  EXPECT_FALSE(parse_services("", out));
  EXPECT_FALSE(parse_services("a", out));
  EXPECT_FALSE(parse_services(":0", out));
  EXPECT_FALSE(parse_services("a:x", out));
  EXPECT_FALSE(parse_services("a:256", out));
  EXPECT_FALSE(parse_services("a:0,", out));
  std::string many;
  for (int i = 0; i < 65; ++i)
    many += (i ? ",s:0" : "s:0");
  EXPECT_FALSE(parse_services(many, out));
  EXPECT_EQ(parse_unix_time("4102444800"), 4102444800);
  EXPECT_FALSE(parse_unix_time("-1"));
  EXPECT_FALSE(parse_unix_time("1 "));
  EXPECT_FALSE(parse_unix_time(""));
}

TEST(Satisfier, AcceptsMintedShape) {
  EXPECT_FALSE(
      check({"services=music:0", "music_capabilities=", "music_valid_until=2000"}, "music"));
}

TEST(Satisfier, Services) {
  EXPECT_EQ(code(check({"services=vision:0"}, "music")), VerifyCode::caveat_service);
  EXPECT_EQ(code(check({"services=garbage"}, "music")), VerifyCode::caveat_service);
  EXPECT_FALSE(check({"services=music:0,vision:0", "services=music:0"}, "music"));
  EXPECT_EQ(code(check({"services=music:0", "services=music:0,vision:0"}, "music")),
            VerifyCode::caveat_widening);
  // Narrowing to another service makes the token useless for this one.
  EXPECT_EQ(code(check({"services=music:0,vision:0", "services=vision:0"}, "music")),
            VerifyCode::caveat_service);
  // Aperture does not compare tiers.
  EXPECT_FALSE(check({"services=music:0", "services=music:1"}, "music"));
}

TEST(Satisfier, Capabilities) {
  EXPECT_FALSE(check({"music_capabilities=a,b"}, "music", 0, "a"));
  EXPECT_EQ(code(check({"music_capabilities=a,b"}, "music", 0, "c")),
            VerifyCode::caveat_capability);
  EXPECT_EQ(code(check({"music_capabilities="}, "music", 0, "a")), VerifyCode::caveat_capability);
  EXPECT_FALSE(check({"music_capabilities="}, "music"));  // no capability required
  EXPECT_FALSE(check({"music_capabilities=a,b", "music_capabilities=b"}, "music", 0, "b"));
  EXPECT_EQ(code(check({"music_capabilities=a,b", "music_capabilities=b"}, "music", 0, "a")),
            VerifyCode::caveat_capability);
  EXPECT_EQ(code(check({"music_capabilities=a", "music_capabilities=a,b"}, "music")),
            VerifyCode::caveat_widening);
  EXPECT_EQ(code(check({"music_capabilities=", "music_capabilities=a"}, "music")),
            VerifyCode::caveat_widening);
  // Another service's capabilities do not apply here.
  EXPECT_FALSE(check({"vision_capabilities="}, "music", 0, "a"));
}

TEST(Satisfier, ValidUntil) {
  EXPECT_FALSE(check({"music_valid_until=1001"}, "music", 1000));
  EXPECT_EQ(code(check({"music_valid_until=1000"}, "music", 1000)), VerifyCode::caveat_expired);
  EXPECT_EQ(code(check({"music_valid_until=abc"}, "music", 1000)), VerifyCode::caveat_expired);
  EXPECT_FALSE(check({"music_valid_until=3000", "music_valid_until=2000"}, "music", 1000));
  EXPECT_EQ(code(check({"music_valid_until=2000", "music_valid_until=3000"}, "music", 1000)),
            VerifyCode::caveat_widening);
  EXPECT_EQ(code(check({"music_valid_until=3000", "music_valid_until=500"}, "music", 1000)),
            VerifyCode::caveat_expired);
}

std::optional<VerifyCode> priced(std::vector<std::string_view> caveats,
                                 std::optional<std::uint64_t> request_price) {
  const PriceSatisfier p("api", request_price);
  const Satisfier* const all[] = {&p};
  return code(verify_caveats(std::span<const std::string_view>(caveats), all));
}

TEST(Satisfier, APricedTokenCoversRequestsUpToItsPrice) {
  EXPECT_FALSE(priced({"api_price_msat=5000"}, 5000));
  EXPECT_FALSE(priced({"api_price_msat=5000"}, 1000));
  EXPECT_EQ(priced({"api_price_msat=5000"}, 5001), VerifyCode::caveat_price);
  EXPECT_EQ(priced({"api_price_msat=5000"}, std::nullopt), VerifyCode::caveat_price)
      << "fails closed when the request's price is unknown";
  EXPECT_EQ(priced({"api_price_msat=-1"}, 1), VerifyCode::caveat_price);
  EXPECT_FALSE(priced({"api_price_msat=5000", "api_price_msat=2000"}, 2000)) << "narrowed";
  EXPECT_EQ(priced({"api_price_msat=2000", "api_price_msat=5000"}, 2000),
            VerifyCode::caveat_widening);
  EXPECT_FALSE(priced({"other_price_msat=1"}, 5000)) << "another service's caveat is ignored";
  EXPECT_FALSE(priced({}, 5000)) << "a token without the caveat is not priced";
}

TEST(Satisfier, RequestBinding) {
  Hash32 h{};
  h[5] = 7;
  Hash32 other{};
  const std::string cav = request_caveat("music", h);
  EXPECT_FALSE(check({cav}, "music", 0, std::nullopt, h));
  EXPECT_EQ(code(check({cav}, "music", 0, std::nullopt, other)), VerifyCode::caveat_request);
  EXPECT_EQ(code(check({cav}, "music", 0, std::nullopt, std::nullopt)), VerifyCode::caveat_request);
  EXPECT_FALSE(check({cav, cav}, "music", 0, std::nullopt, h));
  const std::string cav2 = request_caveat("music", other);
  EXPECT_EQ(code(check({cav, cav2}, "music", 0, std::nullopt, other)), VerifyCode::caveat_widening);
  EXPECT_EQ(code(check({"music_request=zz"}, "music", 0, std::nullopt, h)),
            VerifyCode::caveat_request);
}

TEST(Satisfier, UnknownConditionsIgnored) {
  EXPECT_FALSE(check({"services=music:0", "preimage=00", "colour=blue", "no equals sign",
                      "valid_until=1", "vision_valid_until=1"},
                     "music", 1000));
}

}  // namespace
}  // namespace l402d::l402
