#include "util/json_text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace l402d {
namespace {

TEST(JsonText, ValuesAppendAsSerializeWritesThem) {
  const auto v = boost::json::parse(
      R"({"a":[1,-2.5,true,null],"s":"q\"b\\sl\u0001\u00e9\n","big":1e300,"o":{}})");
  std::string out = "x=";
  append_json(out, v);
  EXPECT_EQ(out, "x=" + boost::json::serialize(v));
}

TEST(JsonText, StringsAreQuotedAndEscaped) {
  std::string out;
  append_json_string(out, "say \"hi\"\\\n\x01 é");
  EXPECT_EQ(out, R"("say \"hi\"\\\n\u0001 é")");
  EXPECT_EQ(boost::json::parse(out).as_string(), "say \"hi\"\\\n\x01 é");
}

TEST(JsonText, LongStringsGrowTheBuffer) {
  const std::string long_text(100'000, 'z');
  std::string out;
  append_json_string(out, long_text);
  EXPECT_EQ(out, "\"" + long_text + "\"");
}

}  // namespace
}  // namespace l402d
