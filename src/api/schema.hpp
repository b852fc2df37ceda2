#pragma once

// Declarative schemas of the JSON objects a paid service takes and returns.
// A RequestSchema validates a parsed body and hands back typed values; both
// schemas render their OpenAPI 3 schema object. One declaration feeds the
// parser and the discovery documents.

#include <boost/json/object.hpp>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "api/api_error.hpp"
#include "api/schema_field.hpp"
#include "util/expected.hpp"

namespace l402d::api {

// The fields of an object, in declaration order (the order they are checked
// and listed in).
class ObjectSchema {
 public:
  // Throws std::invalid_argument for a contradictory declaration or a
  // duplicate name.
  explicit ObjectSchema(std::vector<Field> fields);

  std::span<const Field> fields() const { return fields_; }
  // nullptr when there is no such field.
  const Field* find(std::string_view name) const;
  // {"type": "object", "required": [...], "properties": {...}}
  boost::json::object openapi() const;

 private:
  std::vector<Field> fields_;
};

// A field's value after validation. Strings view the body (or the schema, for
// a default), so a multi-megabyte image is never copied.
using FieldValue = std::variant<std::monostate, std::string_view, std::int64_t, double, bool>;

// The values of a valid body: each field's value, or its default. Views the
// body and the schema, which must outlive it. Asking for an undeclared field
// or with the wrong type is a programming error (std::logic_error).
class ValidatedBody {
 public:
  ValidatedBody(const ObjectSchema& schema, std::vector<FieldValue> values,
                std::vector<bool> given);

  std::string_view string(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  double number(std::string_view name) const;
  bool boolean(std::string_view name) const;
  // False for an optional field without a default that was not sent.
  bool has(std::string_view name) const;
  // The client sent the field (a default or a blank-means-default string was
  // not used). Lets a rule depend on another field when nothing was sent.
  bool given(std::string_view name) const;

 private:
  std::size_t index_of(std::string_view name) const;
  template <class T>
  T get(std::string_view name) const;

  const ObjectSchema* schema_;
  std::vector<FieldValue> values_;
  std::vector<bool> given_;
};

class RequestSchema : public ObjectSchema {
 public:
  // Also throws std::invalid_argument when a default breaks its own field's rules.
  explicit RequestSchema(std::vector<Field> fields);

  // Checks the fields in declaration order and stops at the first problem,
  // an ApiError naming the field. Unknown fields are ignored, as JSON APIs
  // conventionally do.
  Expected<ValidatedBody, ApiError> validate(const boost::json::object& body) const;
};

// The 200 body of a paid request; only rendered.
class ResultSchema : public ObjectSchema {
 public:
  using ObjectSchema::ObjectSchema;
};

}  // namespace l402d::api
