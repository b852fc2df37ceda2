#include "util/jcs.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>
#include <string>

namespace l402d {
namespace {
namespace json = boost::json;

std::string canonical(std::string_view json_text) {
  return jcs_serialize(json::parse(json_text));
}

// Vectors from Aperture's cross-implementation set (mpp/testdata/vectors.json),
// the integer-only ones this implementation supports.
TEST(Jcs, EmptyContainers) {
  EXPECT_EQ(canonical("{}"), "{}");
  EXPECT_EQ(canonical("[]"), "[]");
  EXPECT_EQ(canonical(" { } "), "{}");
}

TEST(Jcs, SortsMembersByCodeUnit) {
  EXPECT_EQ(canonical(R"({"z":1,"m":2,"a":3,"A":4,"10":5,"2":6})"),
            R"({"10":5,"2":6,"A":4,"a":3,"m":2,"z":1})");
}

TEST(Jcs, SortsMembersByUtf16CodeUnitsNotCodePoints) {
  // U+10000 is the surrogate pair D800 DC00, so it sorts after U+D7FF and
  // before U+E000, though its code point (and its UTF-8) is larger than U+FFFF.
  EXPECT_EQ(canonical(R"({"\ue000":1,"\ud800\udc00":2,"\uffff":3,"\ud7ff":4})"),
            "{\"\xed\x9f\xbf\":4,\"\xf0\x90\x80\x80\":2,\"\xee\x80\x80\":1,\"\xef\xbf\xbf\":3}");
}

TEST(Jcs, SortsNestedObjectsAndKeepsArrayOrder) {
  EXPECT_EQ(canonical(R"({"b":{"d":1,"c":2},"a":[3,{"f":4,"e":5}]})"),
            R"({"a":[3,{"e":5,"f":4}],"b":{"c":2,"d":1}})");
}

TEST(Jcs, Literals) {
  EXPECT_EQ(canonical(R"({"t":true,"f":false,"n":null})"), R"({"f":false,"n":null,"t":true})");
  EXPECT_EQ(canonical("[true,false,null]"), "[true,false,null]");
}

TEST(Jcs, NoWhitespace) {
  EXPECT_EQ(canonical("{ \"a\" : [ 1 , 2 ] ,\n\t\"b\" : { } }"), R"({"a":[1,2],"b":{}})");
}

TEST(Jcs, DoesNotEscapeHtmlCharactersOrLineSeparators) {
  EXPECT_EQ(canonical(R"({"description":"Q&A <b> endpoint"})"),
            R"({"description":"Q&A <b> endpoint"})");
  EXPECT_EQ(canonical(R"({"s":"x\u2028y\u2029z"})"), "{\"s\":\"x\xe2\x80\xa8y\xe2\x80\xa9z\"}");
}

TEST(Jcs, EscapesControlCharactersAsJsonStringifyDoes) {
  EXPECT_EQ(canonical(R"({"s":"\b\f\n\r\t"})"), R"({"s":"\b\f\n\r\t"})");
  EXPECT_EQ(canonical(R"({"s":"\u0000\u0001\u001f"})"), R"({"s":"\u0000\u0001\u001f"})");
  EXPECT_EQ(canonical(R"({"s":"\u000b"})"), R"({"s":"\u000b"})");
}

TEST(Jcs, DeleteAndSolidusAreNotEscaped) {
  EXPECT_EQ(canonical(R"({"s":"a\/b\u007f"})"), "{\"s\":\"a/b\x7f\"}");
}

TEST(Jcs, EscapesQuoteAndReverseSolidus) {
  EXPECT_EQ(canonical(R"({"s":"he said \"go\" \\ home"})"), R"({"s":"he said \"go\" \\ home"})");
}

TEST(Jcs, NonAsciiPassesThroughAsUtf8) {
  EXPECT_EQ(canonical("{\"s\":\"caf\xc3\xa9 \xe3\x81\x82 \xf0\x9f\x98\x80\"}"),
            "{\"s\":\"caf\xc3\xa9 \xe3\x81\x82 \xf0\x9f\x98\x80\"}");
  EXPECT_EQ(canonical(R"({"s":"\u00e9"})"), "{\"s\":\"\xc3\xa9\"}");
}

TEST(Jcs, Integers) {
  EXPECT_EQ(canonical("[0,-1,42,9007199254740991,-9007199254740991]"),
            "[0,-1,42,9007199254740991,-9007199254740991]");
  // Signed zero renders as 0; integral doubles as integers.
  EXPECT_EQ(canonical(R"({"a":0,"b":-0,"c":0.0,"d":-0.0})"), R"({"a":0,"b":0,"c":0,"d":0})");
  EXPECT_EQ(canonical(R"({"a":1.0,"b":1e0,"c":1.000e3})"), R"({"a":1,"b":1,"c":1000})");
  EXPECT_EQ(jcs_serialize(json::value(std::uint64_t{7})), "7");
  EXPECT_EQ(jcs_serialize(json::value(std::int64_t{-7})), "-7");
  EXPECT_EQ(jcs_serialize(json::value(9007199254740992.0)), "9007199254740992");
}

TEST(Jcs, NonIntegralNumbersThrow) {
  EXPECT_THROW(jcs_serialize(json::value(0.5)), std::invalid_argument);
  EXPECT_THROW(canonical(R"({"e":-4.35})"), std::invalid_argument);
  EXPECT_THROW(canonical("[1,[2,{\"x\":0.1}]]"), std::invalid_argument);
  EXPECT_THROW(canonical("1e21"), std::invalid_argument);
}

TEST(Jcs, IntegersBeyondDoublePrecisionAreRefused) {
  // RFC 8785 renders numbers as ECMAScript does (IEEE doubles): beyond 2^53
  // the digits given are not the digits other implementations write, so an
  // HMAC over the text would differ. Refused rather than written differently.
  for (const auto* in :
       {R"({"a":36028797018963968})", R"({"b":1234567890123456789})", R"({"d":9007199254740993})",
        R"({"u":18446744073709551615})", R"({"n":-9007199254740993})"}) {
    EXPECT_THROW(canonical(in), std::invalid_argument) << in;
  }
  EXPECT_EQ(canonical(R"({"m":9007199254740992})"), R"({"m":9007199254740992})");
}

TEST(Jcs, ChargeRequestVector) {
  EXPECT_EQ(
      canonical(
          R"({"amount":"100","currency":"sat","description":"Weather report",)"
          R"("methodDetails":{"invoice":"lnbc1u1p","paymentHash":"bc230847","network":"mainnet"}})"),
      R"({"amount":"100","currency":"sat","description":"Weather report",)"
      R"("methodDetails":{"invoice":"lnbc1u1p","network":"mainnet","paymentHash":"bc230847"}})");
}

TEST(Jcs, SameValueBuiltInAnyOrderGivesTheSameText) {
  json::object a{{"realm", "r"}, {"id", "i"}, {"nested", json::object{{"y", 1}, {"x", 2}}}};
  json::object b{{"nested", json::object{{"x", 2}, {"y", 1}}}, {"id", "i"}, {"realm", "r"}};
  EXPECT_EQ(jcs_serialize(a), jcs_serialize(b));
  EXPECT_EQ(jcs_serialize(a), R"({"id":"i","nested":{"x":2,"y":1},"realm":"r"})");
}

}  // namespace
}  // namespace l402d
