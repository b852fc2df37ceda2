#include "l402/request_binding.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace l402d::l402 {
namespace {

TEST(RequestBinding, CanonicalJson) {
  EXPECT_EQ(canonical_json(R"( { "b" : 1, "a" : [ true, null, "x" ] } )"),
            R"({"a":[true,null,"x"],"b":1})");
  EXPECT_EQ(canonical_json(R"({"z":{"y":1,"x":2}})"), R"({"z":{"x":2,"y":1}})");
  EXPECT_FALSE(canonical_json("not json"));
  EXPECT_FALSE(canonical_json(""));
  EXPECT_FALSE(canonical_json("{} {}"));
}

TEST(RequestBinding, WhitespaceAndKeyOrderDoNotMatter) {
  const Hash32 a = request_hash("POST", "/v1/music", R"({"prompt":"jazz","seconds":30})");
  EXPECT_EQ(a,
            request_hash("post", "/v1/music", "{\n  \"seconds\": 30,\n  \"prompt\": \"jazz\"\n}"));
  EXPECT_EQ(a, request_hash("Post", "/v1/music", R"( {"seconds" :30 ,"prompt":"jazz"} )"));
}

TEST(RequestBinding, ValueChangesMatter) {
  const Hash32 a = request_hash("POST", "/v1/music", R"({"prompt":"jazz","seconds":30})");
  EXPECT_NE(a, request_hash("POST", "/v1/music", R"({"prompt":"jazz","seconds":31})"));
  EXPECT_NE(a, request_hash("POST", "/v1/music", R"({"prompt":"Jazz","seconds":30})"));
  EXPECT_NE(a, request_hash("POST", "/v1/music", R"({"prompt":"jazz","seconds":"30"})"));
  EXPECT_NE(a, request_hash("POST", "/v1/music", R"({"prompt":"jazz","seconds":30.0})"));
  EXPECT_NE(a, request_hash("POST", "/v1/music", R"({"prompt":"jazz","seconds":30,"x":null})"));
  EXPECT_NE(a, request_hash("POST", "/v1/vision", R"({"prompt":"jazz","seconds":30})"));
  EXPECT_NE(a, request_hash("PUT", "/v1/music", R"({"prompt":"jazz","seconds":30})"));
  EXPECT_NE(request_hash("POST", "/a", R"({"k":[1,2]})"),
            request_hash("POST", "/a", R"({"k":[2,1]})"));
}

TEST(RequestBinding, LengthPrefixesSeparateFields) {
  EXPECT_NE(request_hash("POST", "/ab", "c"), request_hash("POST", "/a", "bc"));
  EXPECT_NE(request_hash("GE", "T/x", ""), request_hash("GET", "/x", ""));
}

TEST(RequestBinding, RawBodiesHashedAsBytes) {
  EXPECT_EQ(request_hash("POST", "/x", "raw bytes"), request_hash("POST", "/x", "raw bytes"));
  EXPECT_NE(request_hash("POST", "/x", "raw bytes"), request_hash("POST", "/x", "raw  bytes"));
  // JSON text and the same characters as a raw body are distinct.
  EXPECT_NE(request_hash("POST", "/x", "1"), request_hash("POST", "/x", " 1x"));
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_EQ(request_hash("POST", "/x", deep), request_hash("POST", "/x", deep));
}

TEST(RequestBinding, AParsedBodyHashesLikeItsText) {
  for (std::string_view text :
       {R"({"b":[1,2.5,{"z":null,"a":true}],"a":"\u00e9\n","c":-0})", R"("just a string")", R"([])",
        R"({ "image" : "data:image/png;base64,AAAA" , "prompt":"x"})"}) {
    const auto parsed = boost::json::parse(text);
    EXPECT_EQ(request_hash_of_parsed("POST", "/api/l402/vision", parsed),
              request_hash("POST", "/api/l402/vision", text))
        << text;
  }
}

}  // namespace
}  // namespace l402d::l402
