// Rendering a schema as an OpenAPI 3.0 schema object: what the discovery
// documents publish, from the same declaration the parser enforces.

#include "api/schema.hpp"

namespace l402d::api {

namespace json = boost::json;

namespace {

std::string description_of(const Field& f) {
  if (!f.blank_means_default) return f.description;
  // The parser's rule, so that clients do not treat "" as an error case.
  constexpr std::string_view kBlank = "Empty or blank means the default.";
  return f.description.empty() ? std::string(kBlank) : f.description + " " + std::string(kBlank);
}

void add_limits(const Field& f, json::object& o) {
  if (f.min_length > 0) o["minLength"] = f.min_length;
  if (f.max_length != kUnbounded) o["maxLength"] = f.max_length;
  if (!f.choices.empty()) o["enum"] = f.choices;
  if (f.minimum) o["minimum"] = *f.minimum;
  if (f.maximum) o["maximum"] = *f.maximum;
}

void add_documentation(const Field& f, json::object& o) {
  if (!f.default_value.is_null()) o["default"] = f.default_value;
  if (auto d = description_of(f); !d.empty()) o["description"] = d;
  if (!f.example.is_null()) o["example"] = f.example;
  if (!f.examples.empty()) o["examples"] = f.examples;
}

json::object property(const Field& f) {
  json::object o{{"type", type_name(f.type)}};
  if (!f.format.empty()) o["format"] = f.format;
  add_limits(f, o);
  add_documentation(f, o);
  return o;
}

}  // namespace

json::object ObjectSchema::openapi() const {
  json::array required;
  json::object properties;
  for (const auto& f : fields_) {
    if (f.required) required.push_back(json::string(f.name));
    properties[f.name] = property(f);
  }
  json::object schema{{"type", "object"}};
  // OpenAPI 3.0 wants a non-empty list or none at all.
  if (!required.empty()) schema["required"] = std::move(required);
  schema["properties"] = std::move(properties);
  return schema;
}

}  // namespace l402d::api
