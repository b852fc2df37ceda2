#pragma once

// Checking one field of a request body against its declaration, with the
// codes clients switch on: missing_field, invalid_field_type,
// field_too_short, field_too_long, and the field's rejection code for a value
// outside its choices or range.

#include <boost/json/value.hpp>

#include "api/api_error.hpp"
#include "api/schema.hpp"
#include "api/schema_field.hpp"
#include "util/expected.hpp"

namespace l402d::api {

struct CheckedField {
  FieldValue value;    // monostate: optional, not sent, no default
  bool given = false;  // false when the default was used
};

// `value` is the body's member, nullptr when absent.
Expected<CheckedField, ApiError> check_field(const Field& field, const boost::json::value* value);

}  // namespace l402d::api
