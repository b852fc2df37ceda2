#include "http/file_response.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

namespace l402d::http {
namespace {

class FileResponseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("l402d-file-" + std::to_string(::getpid()) + ".bin");
    std::ofstream(path_, std::ios::binary) << "0123456789";
  }
  void TearDown() override { std::filesystem::remove(path_); }

  Response get(std::string range = {}, Verb verb = Verb::get) {
    Request req{verb, "/media/x", 11};
    if (!range.empty()) req.set(Field::range, range);
    return file_response(req, path_, {"audio/mpeg", "private, max-age=60", "\"abc\"", {}});
  }
  static std::string body(const Response& r) { return std::get<StringResponse>(r.message).body(); }

  std::filesystem::path path_;
};

TEST_F(FileResponseTest, WholeFileStreamsWithValidators) {
  auto r = get();
  EXPECT_EQ(r.status(), Status::ok);
  ASSERT_TRUE(std::holds_alternative<FileResponse>(r.message));
  EXPECT_EQ(r.header(Field::content_type), "audio/mpeg");
  EXPECT_EQ(r.header(Field::accept_ranges), "bytes");
  EXPECT_EQ(r.header(Field::etag), "\"abc\"");
  EXPECT_EQ(r.header(Field::content_length), "10");
}

TEST_F(FileResponseTest, RangesServeTheRightBytes) {
  auto r = get("bytes=2-4");
  EXPECT_EQ(r.status(), Status::partial_content);
  EXPECT_EQ(body(r), "234");
  EXPECT_EQ(r.header(Field::content_range), "bytes 2-4/10");
  EXPECT_EQ(body(get("bytes=7-")), "789");
  EXPECT_EQ(body(get("bytes=-3")), "789");
  EXPECT_EQ(body(get("bytes=5-100")), "56789");
}

TEST_F(FileResponseTest, UnsatisfiableRangeIs416) {
  auto r = get("bytes=10-");
  EXPECT_EQ(r.status(), Status::range_not_satisfiable);
  EXPECT_EQ(r.header(Field::content_range), "bytes */10");
}

TEST_F(FileResponseTest, MalformedOrMultiRangeServesWholeFile) {
  EXPECT_EQ(get("bytes=4-2").status(), Status::ok);
  EXPECT_EQ(get("items=0-1").status(), Status::ok);
  EXPECT_EQ(get("bytes=0-1,4-5").status(), Status::ok);
}

TEST_F(FileResponseTest, HeadHasLengthButNoBody) {
  auto r = get({}, Verb::head);
  EXPECT_EQ(r.status(), Status::ok);
  EXPECT_EQ(r.header(Field::content_length), "10");
  EXPECT_TRUE(body(r).empty());
}

TEST_F(FileResponseTest, IfNoneMatchGives304) {
  Request req{Verb::get, "/media/x", 11};
  req.set(Field::if_none_match, "\"abc\"");
  auto r = file_response(req, path_, {"audio/mpeg", "private", "\"abc\"", {}});
  EXPECT_EQ(r.status(), Status::not_modified);
}

TEST_F(FileResponseTest, MissingFileIsJson404) {
  Request req{Verb::get, "/media/x", 11};
  auto r = file_response(req, path_.string() + ".gone", {"audio/mpeg", "", "", {}});
  EXPECT_EQ(r.status(), Status::not_found);
  EXPECT_EQ(boost::json::parse(body(r)).at("error").at("code").as_string(), "media_not_found");
}

}  // namespace
}  // namespace l402d::http
