#include "api/discovery.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace l402d::api {
namespace {

Catalogue catalogue(bool dev) {
  Catalogue c;
  c.public_url = "https://ai.example.com";
  c.services = {{"music", 100, "Songs."}, {"vision", 10, "Image answers."}};
  c.dev_payments = dev;
  return c;
}

TEST(Discovery, OpenApiDescribesBothPaidServices) {
  auto doc = boost::json::parse(openapi_json(catalogue(false))).as_object();
  EXPECT_EQ(std::string(doc.at("openapi").as_string()).substr(0, 2), "3.");
  const auto& paths = doc.at("paths").as_object();
  ASSERT_TRUE(paths.contains("/api/l402/music"));
  ASSERT_TRUE(paths.contains("/api/l402/vision"));
  EXPECT_FALSE(paths.contains("/dev/pay"));
  const auto& music = paths.at("/api/l402/music").at("post").as_object();
  EXPECT_EQ(music.at("x-price-sats").to_number<std::uint64_t>(), 100U);
  EXPECT_TRUE(music.at("responses").as_object().contains("402"));
  const auto& props =
      music.at("requestBody").at("content").at("application/json").at("schema").at("properties");
  EXPECT_EQ(props.at("prompt").at("maxLength").as_int64(), 300);
  EXPECT_EQ(props.at("lyrics").at("maxLength").as_int64(), 600);
  EXPECT_EQ(props.at("model").at("enum").as_array().at(0).as_string(), "Music Generation");
  EXPECT_EQ(doc.at("servers").as_array().at(0).at("url").as_string(), "https://ai.example.com");
  EXPECT_TRUE(boost::json::parse(openapi_json(catalogue(true)))
                  .at("paths")
                  .as_object()
                  .contains("/dev/pay"));
}

TEST(Discovery, WellKnownListsServicesWithAbsoluteEndpoints) {
  auto doc = boost::json::parse(well_known_json(catalogue(true))).as_object();
  const auto& services = doc.at("services").as_array();
  ASSERT_EQ(services.size(), 2U);
  EXPECT_EQ(services.at(0).at("endpoint").as_string(), "https://ai.example.com/api/l402/music");
  EXPECT_EQ(services.at(1).at("price_sats").to_number<std::uint64_t>(), 10U);
  EXPECT_TRUE(doc.at("development_payments").as_bool());
}

}  // namespace
}  // namespace l402d::api
