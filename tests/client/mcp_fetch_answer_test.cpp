#include "client/mcp_fetch_answer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "temp_home.hpp"

namespace l402d::client {
namespace {

namespace json = boost::json;
using testing::TempHome;

TEST(McpFetchAnswer, TextIsValidUtf8OfATextualType) {
  EXPECT_TRUE(is_text_body("application/json; charset=utf-8", R"({"a":"é"})"));
  EXPECT_TRUE(is_text_body("text/plain", "plain"));
  EXPECT_TRUE(is_text_body("application/problem+json", "{}"));
  EXPECT_TRUE(is_text_body("", "no type given"));
  EXPECT_TRUE(is_text_body("text/plain", "\xF0\x9F\x8E\xB5 music"));
  EXPECT_FALSE(is_text_body("audio/mpeg", "ID3"));
  EXPECT_FALSE(is_text_body("image/png", "\x89PNG"));
  EXPECT_FALSE(is_text_body("text/plain", "\xFF\xFE"));
  EXPECT_FALSE(is_text_body("text/plain", "\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_text_body("text/plain", "\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_text_body("text/plain", "\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_text_body("text/plain", "cut \xE2\x82"));      // truncated
}

AnswerContext context(const TempHome& home, std::size_t max_inline = 1024) {
  AnswerContext c;
  c.url = "http://h/x";
  c.revision = "2025-11-25";
  c.max_inline_bytes = max_inline;
  c.downloads = home.path() / "downloads";
  c.budget = {{"spent_today_sats", 0}, {"daily_limit_sats", nullptr}};
  return c;
}

TEST(McpFetchAnswer, NoResponseIsAToolErrorThatSaysNothingWasPaid) {
  TempHome home;
  FetchResult r;
  r.status = FetchStatus::network_error;
  r.message = "Couldn't connect to server";
  const auto answer = fetch_answer(r, context(home));
  EXPECT_TRUE(answer.at("isError").as_bool());
  const auto text = std::string(answer.at("content").at(0).at("text").as_string());
  EXPECT_EQ(text, "No response: Couldn't connect to server Nothing was paid. Today: 0 sats spent.");
  EXPECT_EQ(answer.at("structuredContent").at("outcome").as_string(), "network_error");
}

TEST(McpFetchAnswer, TextLongerThanTheInlineLimitIsSavedWhole) {
  TempHome home;
  FetchResult r;
  r.status = FetchStatus::ok;
  r.response = net::HttpResponse{};
  r.response->status = 200;
  r.response->headers = {{"Content-Type", "text/plain"}, {"X-Job-Id", "a"}, {"x-job-id", "b"}};
  r.response->body = std::string(2000, 'x');
  const auto answer = fetch_answer(r, context(home, 1000));
  const auto& s = answer.at("structuredContent").as_object();
  EXPECT_FALSE(s.contains("body"));
  EXPECT_EQ(std::filesystem::file_size(std::string(s.at("saved_to").as_string())), 2000u);
  EXPECT_EQ(s.at("headers").at("x-job-id").as_string(), "a, b");
  EXPECT_EQ(s.at("headers").at("content-type").as_string(), "text/plain");
  EXPECT_FALSE(answer.at("isError").as_bool());
}

TEST(McpFetchAnswer, ImagesAreInlinedForTheModelAsWellAsSaved) {
  TempHome home;
  FetchResult r;
  r.status = FetchStatus::ok;
  r.response = net::HttpResponse{};
  r.response->status = 200;
  r.response->headers = {{"Content-Type", "image/png"}};
  r.response->body = "\x89PNG\r\n";
  const auto answer = fetch_answer(r, context(home));
  const auto& content = answer.at("content").as_array();
  ASSERT_EQ(content.size(), 3u);
  EXPECT_EQ(content.at(1).at("type").as_string(), "resource_link");
  EXPECT_EQ(content.at(2).at("type").as_string(), "image");
  EXPECT_EQ(content.at(2).at("data").as_string(), "iVBORw0K");
}

TEST(McpFetchAnswer, TheBudgetShowsWhatIsLeftOnlyWhenThereIsALimit) {
  TempHome home;
  std::int64_t now = 1'800'000'000;
  Budget limited(home.path() / "b1.json", 100, [&] { return now; });
  limited.reserve(30'500);
  auto b = budget_json(limited, {50, 5});
  EXPECT_EQ(b.at("spent_today_sats").as_uint64(), 31u) << "msat round up";
  EXPECT_EQ(b.at("remaining_today_sats").as_uint64(), 69u);
  EXPECT_EQ(b.at("per_call_max_sats").as_uint64(), 50u);
  Budget open(home.path() / "b2.json", std::nullopt, [&] { return now; });
  b = budget_json(open, {50, 5});
  EXPECT_TRUE(b.at("daily_limit_sats").is_null());
  EXPECT_TRUE(b.at("remaining_today_sats").is_null());
}

}  // namespace
}  // namespace l402d::client
