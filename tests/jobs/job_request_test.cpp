#include "jobs/job_request.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace l402d::jobs {
namespace {

http::Exchange exchange(std::string target, std::string body = {}, std::string prefer = {}) {
  http::Exchange ex;
  ex.request.method(http::Verb::post);
  ex.request.target(target);
  if (!prefer.empty()) ex.request.set("Prefer", prefer);
  if (!body.empty()) {
    ex.json_body = std::make_shared<const boost::json::value>(boost::json::parse(body));
  }
  return ex;
}

TEST(JobRequest, PlainRequestsAreAnsweredWhenDone) {
  auto asked = read_job_request(exchange("/api/l402/music", R"({"prompt":"x"})"));
  ASSERT_TRUE(asked);
  EXPECT_FALSE(asked->async);
  EXPECT_TRUE(asked->callback_url.empty());
}

TEST(JobRequest, PreferRespondAsyncAmongOtherPreferences) {
  EXPECT_TRUE(prefers_respond_async("respond-async"));
  EXPECT_TRUE(prefers_respond_async("return=minimal, Respond-Async; wait=10"));
  EXPECT_FALSE(prefers_respond_async("return=minimal"));
  EXPECT_FALSE(prefers_respond_async("respond-asynchronously"));
  EXPECT_TRUE(read_job_request(exchange("/x", {}, "wait=5, respond-async"))->async);
}

TEST(JobRequest, QueryAndBodyFlags) {
  EXPECT_TRUE(read_job_request(exchange("/api/l402/music?async=true"))->async);
  EXPECT_TRUE(read_job_request(exchange("/api/l402/music?x=1&async=1"))->async);
  EXPECT_FALSE(read_job_request(exchange("/api/l402/music?async=false"))->async);
  EXPECT_FALSE(read_job_request(exchange("/api/l402/music?notasync=true"))->async);
  EXPECT_TRUE(read_job_request(exchange("/m", R"({"async":true})"))->async);
  EXPECT_FALSE(read_job_request(exchange("/m", R"({"async":false})"))->async);
  auto bad = read_job_request(exchange("/m", R"({"async":"yes"})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "async_flag_invalid");
}

TEST(JobRequest, ACallbackUrlAsksForAJob) {
  auto asked =
      read_job_request(exchange("/m", R"({"callback_url":"https://example.com/hook?k=1"})"));
  ASSERT_TRUE(asked);
  EXPECT_TRUE(asked->async);
  EXPECT_EQ(asked->callback_url, "https://example.com/hook?k=1");
}

TEST(JobRequest, BadCallbackUrlsAreRefused) {
  for (const char* url : {"ftp://example.com/x", "example.com/hook", "https://", "",
                          "https://user:pw@example.com/x", "javascript:alert(1)"}) {
    const std::string body = boost::json::serialize(boost::json::object{{"callback_url", url}});
    auto asked = read_job_request(exchange("/m", body));
    ASSERT_FALSE(asked) << url;
    EXPECT_EQ(asked.error().code, "callback_url_invalid") << url;
  }
  auto number = read_job_request(exchange("/m", R"({"callback_url":5})"));
  ASSERT_FALSE(number);
  const std::string long_url = "https://example.com/" + std::string(2100, 'a');
  EXPECT_FALSE(read_job_request(
      exchange("/m", boost::json::serialize(boost::json::object{{"callback_url", long_url}}))));
}

}  // namespace
}  // namespace l402d::jobs
