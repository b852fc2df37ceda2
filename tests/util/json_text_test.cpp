#include "util/json_text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>

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

// Each append used to zero-fill the string's whole spare capacity, so a body
// of many small values (an array of numbers in an ignored field) took
// quadratic time on the I/O thread: 1.6 million numbers took 15.9 s.
TEST(JsonText, ManySmallValuesAppendInLinearTime) {
  boost::json::array many;
  many.resize(1'600'000, 7);
  const auto started = std::chrono::steady_clock::now();
  std::string out;
  out.reserve(4 * 1024 * 1024);  // the spare room the old code filled per value
  for (const auto& v : many)
    append_json(out, v);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(out.size(), many.size());
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

}  // namespace
}  // namespace l402d
