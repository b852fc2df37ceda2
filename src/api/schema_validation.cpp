#include "api/schema_validation.hpp"

#include <cmath>
#include <cstdio>

#include "api/json_body.hpp"

namespace l402d::api {

namespace json = boost::json;

namespace {

constexpr std::size_t kEchoedCodePoints = 40;

ApiError bad(std::string code, const Field& field, std::string message) {
  return ApiError{http::Status::bad_request, std::move(code), field.name, std::move(message)};
}

std::string quoted(const Field& field) {
  return "'" + field.name + "'";
}

std::string number_text(const FieldValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  char text[32];
  std::snprintf(text, sizeof text, "%g", std::get<double>(value));
  return text;
}

// How a value is echoed in a message: cut short, since the body may hold megabytes.
std::string shown(std::string_view s) {
  auto prefix = utf8_prefix(s, kEchoedCodePoints);
  return "\"" + std::string(prefix) + (prefix.size() < s.size() ? "...\"" : "\"");
}

std::string shown(const json::value& v) {
  return v.is_string() ? shown(std::string_view(v.as_string())) : json::serialize(v);
}

std::string shown(const FieldValue& value) {
  const auto* s = std::get_if<std::string_view>(&value);
  return s ? shown(*s) : number_text(value);
}

std::string accepted_list(const Field& field) {
  std::string list;
  for (const auto& c : field.choices) {
    if (!list.empty()) list += ", ";
    list += shown(c);
  }
  return list;
}

ApiError missing(const Field& field) {
  std::string message = quoted(field) + " is required";
  if (!field.hint.empty()) message += ": " + field.hint;
  message += ".";
  if (!field.choices.empty()) message += " Accepted: " + accepted_list(field) + ".";
  return bad("missing_field", field, std::move(message));
}

std::string_view a_value_of(FieldType type) {
  switch (type) {
    case FieldType::string:
      return "a string";
    case FieldType::integer:
      return "an integer";
    case FieldType::number:
      return "a number";
    case FieldType::boolean:
      return "a boolean";
  }
  return "a value";
}

ApiError wrong_type(const Field& field, const json::value& v) {
  std::string message = quoted(field) + " must be " + std::string(a_value_of(field.type)) +
                        ", not " + std::string(kind_of(v));
  if (!field.hint.empty()) message += ": " + field.hint;
  return bad("invalid_field_type", field, message + ".");
}

// JSON has one number type: an integer is a number without a fraction that
// fits in 64 bits (44100.0 is 44100; 44100.5 and 1e30 are not integers).
std::optional<std::int64_t> as_integer(const json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.as_uint64());
  }
  if (v.is_double()) {
    double d = v.as_double();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
      return static_cast<std::int64_t>(d);
    }
  }
  return std::nullopt;
}

std::optional<FieldValue> typed(const Field& field, const json::value& v) {
  switch (field.type) {
    case FieldType::string:
      if (v.is_string()) return FieldValue(std::string_view(v.as_string()));
      break;
    case FieldType::integer:
      if (auto i = as_integer(v)) return FieldValue(*i);
      break;
    case FieldType::number:
      if (v.is_number()) return FieldValue(v.to_number<double>());
      break;
    case FieldType::boolean:
      if (v.is_bool()) return FieldValue(v.as_bool());
      break;
  }
  return std::nullopt;
}

std::optional<ApiError> check_length(const Field& field, std::string_view s) {
  auto n = utf8_length(s);
  if (n >= field.min_length && n <= field.max_length) return std::nullopt;
  auto has = "; it has " + std::to_string(n) + ".";
  auto max = std::to_string(field.max_length);
  auto min = std::to_string(field.min_length);
  if (n < field.min_length) {
    auto rule = field.max_length == kUnbounded ? " must have at least " + min
                                               : " must be " + min + "-" + max;
    return bad("field_too_short", field, quoted(field) + rule + " characters" + has);
  }
  auto rule = field.min_length == 0 ? " may have at most " + max : " must be " + min + "-" + max;
  return bad("field_too_long", field, quoted(field) + rule + " characters" + has);
}

bool is_choice(const json::value& choice, const FieldValue& value) {
  if (const auto* s = std::get_if<std::string_view>(&value)) {
    return choice.is_string() && choice.as_string() == *s;
  }
  // As read, not as sent: 44100.0 is the integer 44100.
  const auto* i = std::get_if<std::int64_t>(&value);
  return i && choice == json::value(*i);
}

std::optional<ApiError> check_choices(const Field& field, const FieldValue& value) {
  if (field.choices.empty()) return std::nullopt;
  for (const auto& c : field.choices) {
    if (is_choice(c, value)) return std::nullopt;
  }
  return bad(rejection_code_of(field), field,
             quoted(field) + " " + shown(value) +
                 " is not offered; accepted: " + accepted_list(field) + ".");
}

std::optional<ApiError> check_range(const Field& field, const FieldValue& value) {
  if (!field.minimum && !field.maximum) return std::nullopt;
  double x = std::holds_alternative<std::int64_t>(value)
                 ? static_cast<double>(std::get<std::int64_t>(value))
                 : std::get<double>(value);
  bool low = field.minimum && x < static_cast<double>(*field.minimum);
  bool high = field.maximum && x > static_cast<double>(*field.maximum);
  if (!low && !high) return std::nullopt;
  std::string rule;
  if (field.minimum && field.maximum) {
    rule = "between " + std::to_string(*field.minimum) + " and " + std::to_string(*field.maximum);
  } else {
    rule = low ? "at least " + std::to_string(*field.minimum)
               : "at most " + std::to_string(*field.maximum);
  }
  return bad(rejection_code_of(field), field,
             quoted(field) + " must be " + rule + "; it is " + number_text(value) + ".");
}

std::optional<ApiError> check_rules(const Field& field, const FieldValue& value) {
  if (const auto* s = std::get_if<std::string_view>(&value)) {
    if (auto e = check_length(field, *s)) return e;
  }
  if (auto e = check_choices(field, value)) return e;
  return check_range(field, value);
}

bool blank(const FieldValue& value) {
  const auto* s = std::get_if<std::string_view>(&value);
  return s && s->find_first_not_of(" \t\r\n") == std::string_view::npos;
}

CheckedField default_of(const Field& field) {
  if (field.default_value.is_null()) return {};
  return {*typed(field, field.default_value), false};
}

}  // namespace

Expected<CheckedField, ApiError> check_field(const Field& field, const json::value* sent) {
  if (!sent || sent->is_null()) {
    if (field.required) return unexpected(missing(field));
    return default_of(field);
  }
  auto value = typed(field, *sent);
  if (!value) return unexpected(wrong_type(field, *sent));
  if (auto e = check_rules(field, *value)) return unexpected(std::move(*e));
  if (field.blank_means_default && blank(*value)) return default_of(field);
  return CheckedField{std::move(*value), true};
}

}  // namespace l402d::api
