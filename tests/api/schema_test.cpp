#include "api/schema.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>

namespace l402d::api {
namespace {

namespace json = boost::json;

// A schema with one field of each kind and rule the services use.
const RequestSchema& sample() {
  static const RequestSchema schema({
      {.name = "title",
       .required = true,
       .min_length = 2,
       .max_length = 5,
       .description = "A short title.",
       .hint = "a few words"},
      {.name = "engine",
       .required = true,
       .choices = {"Alpha", "Beta"},
       .rejection_code = "unsupported_engine"},
      {.name = "rate",
       .type = FieldType::integer,
       .default_value = 20,
       .choices = {10, 20, 30},
       .rejection_code = "unsupported_rate"},
      {.name = "count", .type = FieldType::integer, .minimum = 1, .maximum = 9},
      {.name = "question", .default_value = "Why?", .blank_means_default = true, .max_length = 20},
      {.name = "weight", .type = FieldType::number, .minimum = 0},
      {.name = "loud", .type = FieldType::boolean, .default_value = false},
  });
  return schema;
}

json::object body(std::string_view text) {
  return json::parse(text).as_object();
}

// "ok", or "<code>:<field>".
std::string outcome(std::string_view text) {
  auto r = sample().validate(body(text));
  return r ? "ok" : r.error().code + ":" + r.error().field;
}

std::string message(std::string_view text) {
  auto r = sample().validate(body(text));
  return r ? "" : r.error().message;
}

TEST(Schema, RequiredFieldsAbsentOrNullAreMissing) {
  EXPECT_EQ(outcome(R"({"engine":"Alpha"})"), "missing_field:title");
  EXPECT_EQ(outcome(R"({"title":null,"engine":"Alpha"})"), "missing_field:title");
  EXPECT_EQ(outcome(R"({"title":"abc"})"), "missing_field:engine");
  // The message says what to send: the hint, or the accepted values.
  EXPECT_EQ(message(R"({"engine":"Alpha"})"), "'title' is required: a few words.");
  EXPECT_EQ(message(R"({"title":"abc"})"), R"('engine' is required. Accepted: "Alpha", "Beta".)");
}

TEST(Schema, EachTypeRefusesTheOthers) {
  EXPECT_EQ(outcome(R"({"title":42,"engine":"Alpha"})"), "invalid_field_type:title");
  EXPECT_EQ(message(R"({"title":42,"engine":"Alpha"})"),
            "'title' must be a string, not a number: a few words.");
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Alpha","count":"3"})"), "invalid_field_type:count");
  EXPECT_EQ(message(R"({"title":"abc","engine":"Alpha","count":"3"})"),
            "'count' must be an integer, not a string.");
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Alpha","count":2.5})"), "invalid_field_type:count");
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Alpha","count":1e30})"),
            "invalid_field_type:count");
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Alpha","count":true})"),
            "invalid_field_type:count");
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Alpha","weight":"1"})"),
            "invalid_field_type:weight");
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Alpha","loud":1})"), "invalid_field_type:loud");
  EXPECT_EQ(outcome(R"({"title":["a"],"engine":"Alpha"})"), "invalid_field_type:title");
}

TEST(Schema, IntegersWithoutAFractionAreIntegers) {
  auto r = sample().validate(body(R"({"title":"abc","engine":"Alpha","rate":30.0,"count":3})"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->integer("rate"), 30);
  EXPECT_EQ(r->integer("count"), 3);
}

TEST(Schema, LengthsCountCodePoints) {
  EXPECT_EQ(outcome(R"({"title":"a","engine":"Alpha"})"), "field_too_short:title");
  EXPECT_EQ(outcome(R"({"title":"abcdef","engine":"Alpha"})"), "field_too_long:title");
  EXPECT_EQ(message(R"({"title":"abcdef","engine":"Alpha"})"),
            "'title' must be 2-5 characters; it has 6.");
  // Five two-byte characters are five characters.
  EXPECT_EQ(outcome(R"({"title":"ééééé","engine":"Alpha"})"), "ok");
  EXPECT_EQ(outcome(R"({"title":"éééééé","engine":"Alpha"})"), "field_too_long:title");
  EXPECT_EQ(
      message(R"({"title":"ab","engine":"Alpha","question":")" + std::string(21, 'q') + R"("})"),
      "'question' may have at most 20 characters; it has 21.");
}

TEST(Schema, ChoicesHaveTheFieldsOwnCode) {
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Gamma"})"), "unsupported_engine:engine");
  EXPECT_EQ(message(R"({"title":"abc","engine":"Gamma"})"),
            R"('engine' "Gamma" is not offered; accepted: "Alpha", "Beta".)");
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Alpha","rate":15})"), "unsupported_rate:rate");
  EXPECT_EQ(message(R"({"title":"abc","engine":"Alpha","rate":15})"),
            "'rate' 15 is not offered; accepted: 10, 20, 30.");
  // A long value is not echoed back whole.
  auto long_value = message(R"({"title":"abc","engine":")" + std::string(5000, 'x') + R"("})");
  EXPECT_LT(long_value.size(), 200U);
  EXPECT_NE(long_value.find("...\""), std::string::npos);
}

TEST(Schema, RangesHaveADefaultCode) {
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Alpha","count":0})"), "field_out_of_range:count");
  EXPECT_EQ(message(R"({"title":"abc","engine":"Alpha","count":10})"),
            "'count' must be between 1 and 9; it is 10.");
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Alpha","weight":-0.5})"),
            "field_out_of_range:weight");
  EXPECT_EQ(message(R"({"title":"abc","engine":"Alpha","weight":-0.5})"),
            "'weight' must be at least 0; it is -0.5.");
  EXPECT_EQ(outcome(R"({"title":"abc","engine":"Alpha","count":9,"weight":2.5})"), "ok");
}

TEST(Schema, AbsentFieldsTakeTheirDefault) {
  auto r = sample().validate(body(R"({"title":"abc","engine":"Beta","unknown":[1]})"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->string("title"), "abc");
  EXPECT_TRUE(r->given("title"));
  EXPECT_EQ(r->integer("rate"), 20);
  EXPECT_FALSE(r->given("rate"));
  EXPECT_EQ(r->string("question"), "Why?");
  EXPECT_FALSE(r->boolean("loud"));
  EXPECT_FALSE(r->has("count"));
  EXPECT_FALSE(r->has("weight"));
  auto sent = sample().validate(body(R"({"title":"abc","engine":"Beta","rate":null,"loud":true})"));
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->integer("rate"), 20);
  EXPECT_TRUE(sent->boolean("loud"));
}

TEST(Schema, BlankMeansDefaultWhenDeclared) {
  for (auto q : {R"("")", R"("   ")", R"(" \t\r\n")"}) {
    auto r = sample().validate(
        body(R"({"title":"abc","engine":"Beta","question":)" + std::string(q) + "}"));
    ASSERT_TRUE(r) << q;
    EXPECT_EQ(r->string("question"), "Why?");
    EXPECT_FALSE(r->given("question"));
  }
  auto r = sample().validate(body(R"({"title":"abc","engine":"Beta","question":" How? "})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->string("question"), " How? ");
  // Blank is not a default for a field that does not say so: it is too short.
  EXPECT_EQ(outcome(R"({"title":"  ","engine":"Alpha"})"), "ok");
  EXPECT_EQ(outcome(R"({"title":" ","engine":"Alpha"})"), "field_too_short:title");
}

TEST(Schema, TheFirstProblemInDeclarationOrderIsReported) {
  EXPECT_EQ(outcome(R"({"title":1,"engine":2,"count":"x"})"), "invalid_field_type:title");
  EXPECT_EQ(outcome(R"({"title":"abc","engine":2,"count":"x"})"), "invalid_field_type:engine");
}

TEST(Schema, AskingForTheWrongThingIsAProgrammingError) {
  auto r = sample().validate(body(R"({"title":"abc","engine":"Beta"})"));
  ASSERT_TRUE(r);
  EXPECT_THROW((void)r->integer("title"), std::logic_error);
  EXPECT_THROW((void)r->string("nothing"), std::logic_error);
  EXPECT_THROW((void)r->integer("count"), std::logic_error);  // optional, not sent
}

TEST(Schema, ContradictoryDeclarationsAreRefused) {
  using V = std::vector<Field>;
  EXPECT_THROW(RequestSchema(V{{.name = "a"}, {.name = "a"}}), std::invalid_argument);
  EXPECT_THROW(RequestSchema(V{{.name = "a", .required = true, .default_value = "x"}}),
               std::invalid_argument);
  EXPECT_THROW(RequestSchema(V{{.name = "a", .type = FieldType::integer, .max_length = 3}}),
               std::invalid_argument);
  EXPECT_THROW(RequestSchema(V{{.name = "a", .minimum = 1}}), std::invalid_argument);
  EXPECT_THROW(RequestSchema(V{{.name = "a", .type = FieldType::integer, .default_value = "x"}}),
               std::invalid_argument);
  EXPECT_THROW(RequestSchema(V{{.name = "a", .choices = {1, 2}}}), std::invalid_argument);
  EXPECT_THROW(RequestSchema(V{{.name = "a", .blank_means_default = true}}), std::invalid_argument);
  // The default must pass its own field's rules.
  EXPECT_THROW(RequestSchema(V{{.name = "a", .default_value = "toolong", .max_length = 3}}),
               std::invalid_argument);
  EXPECT_THROW(
      RequestSchema(
          V{{.name = "a", .type = FieldType::integer, .default_value = 4, .choices = {1, 2}}}),
      std::invalid_argument);
  EXPECT_NO_THROW(RequestSchema(V{{.name = "a", .default_value = "abc", .max_length = 3}}));
}

TEST(Schema, RendersOpenApi) {
  auto doc = sample().openapi();
  auto expected = json::parse(R"({
    "type": "object",
    "required": ["title", "engine"],
    "properties": {
      "title": {"type": "string", "minLength": 2, "maxLength": 5, "description": "A short title."},
      "engine": {"type": "string", "enum": ["Alpha", "Beta"]},
      "rate": {"type": "integer", "enum": [10, 20, 30], "default": 20},
      "count": {"type": "integer", "minimum": 1, "maximum": 9},
      "question": {"type": "string", "maxLength": 20, "default": "Why?",
                   "description": "Empty or blank means the default."},
      "weight": {"type": "number", "minimum": 0},
      "loud": {"type": "boolean", "default": false}
    }})");
  EXPECT_EQ(json::value(doc), expected) << json::serialize(doc);
}

TEST(Schema, ResultSchemasRenderFormatsAndExamples) {
  ResultSchema result({{.name = "url", .required = true, .format = "uri", .example = "https://x/y"},
                       {.name = "sizes", .type = FieldType::integer, .examples = {1, 2}}});
  auto expected = json::parse(R"({
    "type": "object",
    "required": ["url"],
    "properties": {
      "url": {"type": "string", "format": "uri", "example": "https://x/y"},
      "sizes": {"type": "integer", "examples": [1, 2]}
    }})");
  EXPECT_EQ(json::value(result.openapi()), expected) << json::serialize(result.openapi());
  // Without required fields there is no "required" list (OpenAPI 3.0 wants it non-empty).
  EXPECT_FALSE(ResultSchema({{.name = "n"}}).openapi().contains("required"));
}

// One declaration, two consumers: changing the limit in the declaration moves
// both the parser's boundary and the published maxLength.
RequestSchema with_max_length(std::size_t max) {
  return RequestSchema({{.name = "text", .required = true, .min_length = 1, .max_length = max}});
}

TEST(Schema, OneLimitDrivesValidationAndOpenApi) {
  for (std::size_t max : {5U, 8U}) {
    SCOPED_TRACE(max);
    auto schema = with_max_length(max);
    auto published = schema.openapi().at("properties").at("text").at("maxLength").to_number<int>();
    EXPECT_EQ(static_cast<std::size_t>(published), max);
    json::object at_limit{{"text", std::string(max, 'x')}};
    json::object over{{"text", std::string(max + 1, 'x')}};
    EXPECT_TRUE(schema.validate(at_limit));
    auto refused = schema.validate(over);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "field_too_long");
  }
}

}  // namespace
}  // namespace l402d::api
