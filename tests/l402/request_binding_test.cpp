#include "l402/request_binding.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "util/hex.hpp"

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

// Issue 21: 5e432 became Infinity and 0E4000 NaN (not JSON), and a long
// integer's canonical text changed when canonicalised again.
TEST(RequestBinding, CanonicalNumbersAreJsonAndIdempotent) {
  for (const char* body :
       {R"({"a":5e432,"b":-5e432,"c":0E4000})",
        R"({"bitrate":6400000000000400000000000000000000000000000000000000000000000000000000000})",
        R"({"x":0.1,"y":1e-300,"z":30.0,"w":30,"v":-0.0,"u":18446744073709551615})"}) {
    SCOPED_TRACE(body);
    const auto once = canonical_json(body);
    ASSERT_TRUE(once);
    const auto twice = canonical_json(*once);
    ASSERT_TRUE(twice) << *once;  // the canonical text parses
    EXPECT_EQ(*twice, *once);
  }
  EXPECT_EQ(canonical_json(R"({"a":5e432,"b":-5e432,"c":0E4000})"),
            R"({"a":1e999,"b":-1e999,"c":0e0})");
  EXPECT_EQ(canonical_json("[30.0,30,0.5,1e21]"), "[30e0,30,0.5,1e+21]");
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

// Tokens already issued carry hashes of this form: it must never change. The
// expected value was computed independently (Python: json.dumps with
// sort_keys and compact separators, then SHA-256 over the length-prefixed
// fields of docs/l402.md).
TEST(RequestBinding, PinnedHashOfABodyWithEscapesAndALongString) {
  std::string image;
  for (int i = 0; i < 300; ++i)
    image += "QUJD";
  const std::string text =
      R"({"prompt": "Describe \"this\" \\ picture\t\u00e9\u0001", "model": "gpt-4o", )"
      R"("image": "data:image/png;base64,)" +
      image + R"(", "n": [1, -2, true, null, {"z": 0, "a": "x"}]})";
  const std::string expected = "01abdbba2bfe274c0ceee4ebb53e4e148519370d4718a3aec8255fa6aff49379";
  EXPECT_EQ(to_hex(request_hash("POST", "/api/l402/vision", text)), expected);
  EXPECT_EQ(to_hex(request_hash_of_parsed("POST", "/api/l402/vision", boost::json::parse(text))),
            expected);
}

}  // namespace
}  // namespace l402d::l402
