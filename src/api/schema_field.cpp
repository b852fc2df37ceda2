#include "api/schema_field.hpp"

#include <stdexcept>

namespace l402d::api {

namespace json = boost::json;

namespace {

void refuse(const Field& field, std::string_view why) {
  throw std::invalid_argument("schema field '" + field.name + "': " + std::string(why));
}

bool matches_type(const json::value& v, FieldType type) {
  switch (type) {
    case FieldType::string:
      return v.is_string();
    case FieldType::integer:
      return v.is_int64() || v.is_uint64();
    case FieldType::number:
      return v.is_number();
    case FieldType::boolean:
      return v.is_bool();
  }
  return false;
}

void check_values_have_the_type(const Field& f) {
  if (!f.default_value.is_null() && !matches_type(f.default_value, f.type)) {
    refuse(f, "default of another type");
  }
  for (const auto& c : f.choices) {
    if (!matches_type(c, f.type)) refuse(f, "choice of another type");
  }
  if (!f.example.is_null() && !matches_type(f.example, f.type))
    refuse(f, "example of another type");
  for (const auto& e : f.examples) {
    if (!matches_type(e, f.type)) refuse(f, "example of another type");
  }
}

void check_rules_fit_the_type(const Field& f) {
  const bool text = f.type == FieldType::string;
  const bool numeric = f.type == FieldType::integer || f.type == FieldType::number;
  if (!text && (f.min_length != 0 || f.max_length != kUnbounded || f.blank_means_default)) {
    refuse(f, "length rules on a non-string");
  }
  if (!numeric && (f.minimum || f.maximum)) refuse(f, "a range on a non-number");
  if (!f.choices.empty() && !text && f.type != FieldType::integer) {
    refuse(f, "choices are for strings and integers");
  }
  if (f.min_length > f.max_length || (f.minimum && f.maximum && *f.minimum > *f.maximum)) {
    refuse(f, "empty range");
  }
}

}  // namespace

std::string_view type_name(FieldType type) {
  switch (type) {
    case FieldType::string:
      return "string";
    case FieldType::integer:
      return "integer";
    case FieldType::number:
      return "number";
    case FieldType::boolean:
      return "boolean";
  }
  return "string";
}

void check_declaration(const Field& f) {
  if (f.name.empty()) refuse(f, "no name");
  if (f.required && !f.default_value.is_null()) refuse(f, "required with a default");
  if (f.blank_means_default && f.default_value.is_null()) {
    refuse(f, "blank means default, but there is no default");
  }
  if (f.blank_means_default && f.min_length > 0) refuse(f, "blank means default, yet too short");
  check_values_have_the_type(f);
  check_rules_fit_the_type(f);
}

std::string rejection_code_of(const Field& field) {
  if (!field.rejection_code.empty()) return field.rejection_code;
  return field.choices.empty() ? "field_out_of_range" : "unsupported_value";
}

}  // namespace l402d::api
