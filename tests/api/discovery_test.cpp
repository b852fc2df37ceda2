#include "api/discovery.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "api/music_request.hpp"
#include "api/seed_catalogue.hpp"
#include "api/vision_request.hpp"

namespace l402d::api {
namespace {

namespace json = boost::json;

Catalogue catalogue(bool dev) {
  return testing::seed_catalogue(dev);
}

const json::object& operation(const json::object& doc, std::string_view path) {
  return doc.at("paths").at(path).at("post").as_object();
}

const json::value& request_schema(const json::object& op) {
  return op.at("requestBody").at("content").at("application/json").at("schema");
}

TEST(Discovery, OpenApiDescribesBothPaidServices) {
  auto doc = json::parse(openapi_json(catalogue(false))).as_object();
  EXPECT_EQ(std::string(doc.at("openapi").as_string()).substr(0, 2), "3.");
  const auto& paths = doc.at("paths").as_object();
  ASSERT_TRUE(paths.contains("/api/l402/music"));
  ASSERT_TRUE(paths.contains("/api/l402/vision"));
  EXPECT_TRUE(paths.contains("/media/{name}"));
  EXPECT_FALSE(paths.contains("/dev/pay"));
  EXPECT_EQ(operation(doc, "/api/quote").at("operationId"), "quote");
  const auto& music = operation(doc, "/api/l402/music");
  EXPECT_EQ(music.at("operationId"), "music");
  EXPECT_EQ(music.at("summary"), "Generate an original song");
  EXPECT_EQ(music.at("description"), "Songs. Price: 100 sats.");
  EXPECT_EQ(music.at("x-price-sats").to_number<std::uint64_t>(), 100U);
  EXPECT_TRUE(music.at("responses").as_object().contains("402"));
  const auto& props = request_schema(music).at("properties");
  EXPECT_EQ(props.at("prompt").at("maxLength").as_int64(), 300);
  EXPECT_EQ(props.at("lyrics").at("maxLength").as_int64(), 600);
  EXPECT_EQ(props.at("model").at("enum").as_array().at(0).as_string(), "Music Generation");
  EXPECT_EQ(doc.at("servers").as_array().at(0).at("url").as_string(), "https://ai.example.com");
  EXPECT_TRUE(
      json::parse(openapi_json(catalogue(true))).at("paths").as_object().contains("/dev/pay"));
}

// The documents carry the schemas the parsers enforce, not a copy of them.
TEST(Discovery, RequestAndResultSchemasAreTheParsersOwn) {
  auto doc = json::parse(openapi_json(catalogue(false))).as_object();
  const auto& music = operation(doc, "/api/l402/music");
  const auto& vision = operation(doc, "/api/l402/vision");
  EXPECT_EQ(request_schema(music), music_request_schema().openapi());
  EXPECT_EQ(request_schema(vision), vision_request_schema().openapi());
  const auto ok = [](const json::object& op) {
    return op.at("responses").at("200").at("content").at("application/json").at("schema");
  };
  EXPECT_EQ(ok(music), music_result_schema().openapi());
  EXPECT_EQ(ok(vision), vision_result_schema().openapi());
  EXPECT_EQ(request_schema(vision).at("properties").at("prompt").at("default"),
            "What's in this image?");
}

TEST(Discovery, PaidOperationsShareTheL402Responses) {
  auto doc = json::parse(openapi_json(catalogue(false))).as_object();
  for (auto path : {"/api/l402/music", "/api/l402/vision"}) {
    SCOPED_TRACE(path);
    const auto& op = operation(doc, path);
    EXPECT_EQ(op.at("security"), json::parse(R"([{"L402":[]}])"));
    EXPECT_TRUE(op.at("requestBody").at("required").as_bool());
    const auto& responses = op.at("responses").as_object();
    for (auto status : {"200", "400", "402", "429", "503"})
      EXPECT_TRUE(responses.contains(status)) << status;
    EXPECT_EQ(responses.at("402").at("content").at("application/json").at("schema").at("$ref"),
              "#/components/schemas/Challenge");
    EXPECT_EQ(responses.at("400").at("content").at("application/json").at("schema").at("$ref"),
              "#/components/schemas/Error");
    EXPECT_TRUE(responses.at("402").at("headers").as_object().contains("WWW-Authenticate"));
  }
  const auto& schemas = doc.at("components").at("schemas").as_object();
  EXPECT_EQ(schemas.at("Error").at("required"), json::parse(R"(["error"])"));
  EXPECT_TRUE(schemas.at("Challenge").at("properties").as_object().contains("invoice"));
  EXPECT_EQ(doc.at("components").at("securitySchemes").at("L402").at("scheme"), "L402");
}

TEST(Discovery, JobsAreDescribedForBuyersAndAgents) {
  auto doc = json::parse(openapi_json(catalogue(false))).as_object();
  const auto& op = operation(doc, "/api/l402/music");
  EXPECT_EQ(
      op.at("responses").at("202").at("content").at("application/json").at("schema").at("$ref"),
      "#/components/schemas/Job");
  EXPECT_EQ(op.at("parameters").at(0).at("name"), "Prefer");
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/l402/jobs/{id}"));
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("Job"));
  auto wk = json::parse(well_known_json(catalogue(false))).as_object();
  EXPECT_EQ(wk.at("async_jobs").at("fields").at(1), "poll_url");
}

// Nothing in the generator knows the two seed services.
TEST(Discovery, AnyListedServiceIsPublished) {
  ResultSchema echoed({{.name = "text", .required = true}});
  RequestSchema echo({{.name = "text", .required = true, .max_length = 7}});
  Catalogue c;
  c.public_url = "http://localhost:1";
  c.services = {{"echo", "/api/l402/echo", "Echo", "Says it back.", 3, &echo, &echoed}};
  auto doc = json::parse(openapi_json(c)).as_object();
  const auto& op = operation(doc, "/api/l402/echo");
  EXPECT_EQ(op.at("operationId"), "echo");
  EXPECT_EQ(request_schema(op).at("properties").at("text").at("maxLength"), 7);
  // echo, /media/{name}, /api/l402/jobs/{id}, /l402/settlement, /api/error-codes, /api/quote
  EXPECT_EQ(doc.at("paths").as_object().size(), 6U);
  auto wk = json::parse(well_known_json(c));
  EXPECT_EQ(wk.at("services").at(0).at("endpoint"), "http://localhost:1/api/l402/echo");

  c.services.front().result = nullptr;
  EXPECT_THROW(openapi_json(c), std::invalid_argument);
}

TEST(Discovery, WellKnownListsServicesWithAbsoluteEndpoints) {
  auto doc = json::parse(well_known_json(catalogue(true))).as_object();
  const auto& services = doc.at("services").as_array();
  ASSERT_EQ(services.size(), 2U);
  EXPECT_EQ(services.at(0).at("name"), "music");
  EXPECT_EQ(services.at(0).at("endpoint").as_string(), "https://ai.example.com/api/l402/music");
  EXPECT_EQ(services.at(0).at("description"), "Songs.");
  EXPECT_EQ(services.at(0).at("method"), "POST");
  EXPECT_EQ(services.at(1).at("price_sats").to_number<std::uint64_t>(), 10U);
  EXPECT_EQ(services.at(1).at("free_requests_per_day").to_number<int>(), 3);
  EXPECT_FALSE(services.at(0).as_object().contains("free_requests_per_day"));
  EXPECT_EQ(doc.at("openapi"), "https://ai.example.com/api/openapi.json");
  EXPECT_TRUE(doc.at("development_payments").as_bool());
  EXPECT_EQ(doc.at("error_codes"), "https://ai.example.com/api/error-codes");
}

TEST(Discovery, TheEnabledRailsAreListed) {
  auto c = catalogue(true);
  c.protocols = {"L402", "MPP", "x402"};
  auto doc = json::parse(well_known_json(c)).as_object();
  EXPECT_EQ(doc.at("protocols"), (json::array{"L402", "MPP", "x402"}));
  auto openapi = json::parse(openapi_json(c)).as_object();
  const auto& schemes = openapi.at("components").at("securitySchemes").as_object();
  EXPECT_TRUE(schemes.contains("Payment"));
  EXPECT_TRUE(schemes.contains("x402"));
}

}  // namespace
}  // namespace l402d::api
