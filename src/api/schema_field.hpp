#pragma once

// One field of a JSON object body, declared once: the request parser checks
// values against it and the discovery documents render it, so a limit cannot
// drift between what is enforced and what is published. Declared with
// designated initializers, in member order:
//
//   {.name = "prompt", .required = true, .min_length = 10, .max_length = 300,
//    .description = "Music style description."}

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace l402d::api {

enum class FieldType { string, integer, number, boolean };

// The JSON Schema name: "string", "integer", "number", "boolean".
std::string_view type_name(FieldType type);

inline constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();

// Every member has an initializer so that a declaration names only what it
// needs (GCC warns about designated initializers that skip a member without one).
struct Field {
  std::string name{};
  FieldType type = FieldType::string;
  // Absent and null are the same thing: a required field is missing, an
  // optional one takes default_value (null: no value at all).
  bool required = false;
  boost::json::value default_value = nullptr;
  // A string of only whitespace takes default_value, for clients that send
  // "" to mean "whatever you usually do".
  bool blank_means_default = false;
  // String length in Unicode code points, as a person counts.
  std::size_t min_length = 0;
  std::size_t max_length = kUnbounded;
  // Accepted values (strings or integers, as `type`); empty: any.
  boost::json::array choices{};
  std::optional<std::int64_t> minimum{};
  std::optional<std::int64_t> maximum{};
  // The error code for a value outside `choices` or the range, e.g.
  // "unsupported_model"; empty: "unsupported_value" or "field_out_of_range".
  std::string rejection_code{};
  std::string format{};       // OpenAPI format, e.g. "uri"
  std::string description{};  // for people reading the OpenAPI document
  std::string hint{};         // what to send, added to "missing" and "wrong type" messages
  boost::json::value example = nullptr;
  boost::json::array examples{};  // several typical values, e.g. common bitrates
};

// Throws std::invalid_argument for a declaration that contradicts itself
// (bounds on the wrong type, a default outside the rules...): a programming
// error, caught the first time the schema is built.
void check_declaration(const Field& field);

// The code a value outside `choices` or the range gets.
std::string rejection_code_of(const Field& field);

}  // namespace l402d::api
