#include "api/llms_txt.hpp"

#include <gtest/gtest.h>

#include "api/music_request.hpp"
#include "api/vision_request.hpp"

namespace l402d::api {
namespace {

Catalogue catalogue(bool dev) {
  Catalogue c;
  c.public_url = "https://ai.example.com";
  c.services = {{"music", "/api/l402/music", "Generate an original song", "Songs.", 100,
                 &music_request_schema(), &music_result_schema()},
                {"vision", "/api/l402/vision", "Answer a question about an image", "Image answers.",
                 21, &vision_request_schema(), &vision_result_schema()}};
  c.services[1].free_requests_per_day = 3;
  c.protocols = {"L402", "MPP"};
  c.dev_payments = dev;
  return c;
}

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(LlmsTxt, ListsEveryServiceWithItsEndpointPriceAndFields) {
  const auto text = llms_txt(catalogue(false));
  EXPECT_EQ(text.rfind("# l402d\n\n> ", 0), 0U);
  EXPECT_TRUE(has(text, "### music")) << text;
  EXPECT_TRUE(has(text, "`POST https://ai.example.com/api/l402/music`"));
  EXPECT_TRUE(has(text, "- Price: 100 sats"));
  EXPECT_TRUE(has(text, "- Price: 21 sats"));
  EXPECT_TRUE(has(text, "- Free: 3 requests a day"));
  // The request fields come from the schemas the parsers enforce.
  EXPECT_TRUE(has(text, "`image` (string, required)"));
  EXPECT_TRUE(has(text, "`Vision Chat`"));
  EXPECT_TRUE(has(text, "`content` (string, required)"));
  EXPECT_TRUE(has(text, "Authorization: L402 <macaroon>:<preimage>"));
  EXPECT_TRUE(has(text, "L402, MPP"));
  EXPECT_TRUE(has(text, "Prefer: respond-async"));
  EXPECT_TRUE(has(text, "https://ai.example.com/api/openapi.json"));
}

TEST(LlmsTxt, MentionsSimulatedPaymentsOnlyWhenThereAreAny) {
  EXPECT_FALSE(has(llms_txt(catalogue(false)), "/dev/pay"));
  EXPECT_TRUE(has(llms_txt(catalogue(true)), "https://ai.example.com/dev/pay"));
}

}  // namespace
}  // namespace l402d::api
