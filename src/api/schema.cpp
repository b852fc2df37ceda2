#include "api/schema.hpp"

#include <stdexcept>

#include "api/schema_validation.hpp"

namespace l402d::api {

ObjectSchema::ObjectSchema(std::vector<Field> fields) : fields_(std::move(fields)) {
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    check_declaration(fields_[i]);
    for (std::size_t j = 0; j < i; ++j) {
      if (fields_[j].name == fields_[i].name) {
        throw std::invalid_argument("schema field '" + fields_[i].name + "' declared twice");
      }
    }
  }
}

const Field* ObjectSchema::find(std::string_view name) const {
  for (const auto& f : fields_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

RequestSchema::RequestSchema(std::vector<Field> fields) : ObjectSchema(std::move(fields)) {
  for (const auto& f : this->fields()) {
    if (f.default_value.is_null()) continue;
    auto checked = check_field(f, &f.default_value);
    if (!checked) {
      throw std::invalid_argument("schema field '" + f.name +
                                  "': the default breaks the rules: " + checked.error().message);
    }
  }
}

Expected<ValidatedBody, ApiError> RequestSchema::validate(const boost::json::object& body) const {
  std::vector<FieldValue> values;
  std::vector<bool> given;
  values.reserve(fields().size());
  given.reserve(fields().size());
  for (const auto& f : fields()) {
    auto checked = check_field(f, body.if_contains(f.name));
    if (!checked) return unexpected(std::move(checked.error()));
    values.push_back(checked->value);
    given.push_back(checked->given);
  }
  return ValidatedBody(*this, std::move(values), std::move(given));
}

ValidatedBody::ValidatedBody(const ObjectSchema& schema, std::vector<FieldValue> values,
                             std::vector<bool> given)
    : schema_(&schema), values_(std::move(values)), given_(std::move(given)) {}

std::size_t ValidatedBody::index_of(std::string_view name) const {
  const auto fields = schema_->fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return i;
  }
  throw std::logic_error("no schema field '" + std::string(name) + "'");
}

template <class T>
T ValidatedBody::get(std::string_view name) const {
  const auto* v = std::get_if<T>(&values_[index_of(name)]);
  if (!v) {
    throw std::logic_error("schema field '" + std::string(name) +
                           "' has no value of the type asked for");
  }
  return *v;
}

std::string_view ValidatedBody::string(std::string_view name) const {
  return get<std::string_view>(name);
}
std::int64_t ValidatedBody::integer(std::string_view name) const {
  return get<std::int64_t>(name);
}
double ValidatedBody::number(std::string_view name) const {
  return get<double>(name);
}
bool ValidatedBody::boolean(std::string_view name) const {
  return get<bool>(name);
}
bool ValidatedBody::has(std::string_view name) const {
  return !std::holds_alternative<std::monostate>(values_[index_of(name)]);
}
bool ValidatedBody::given(std::string_view name) const {
  return given_[index_of(name)];
}

}  // namespace l402d::api
