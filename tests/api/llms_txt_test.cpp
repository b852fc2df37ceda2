#include "api/llms_txt.hpp"

#include <gtest/gtest.h>

#include "api/seed_catalogue.hpp"

namespace l402d::api {
namespace {

Catalogue catalogue(bool dev) {
  auto c = testing::seed_catalogue(dev, 21);
  c.protocols = {"L402", "MPP"};
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
