#pragma once

// A choice among pluggable implementations, as configuration holds it: a
// std::variant whose alternatives each name themselves with
// `static constexpr std::string_view kName`. Adding an implementation is then
// adding one alternative; its name is known to the parser, the error messages
// and the factory without a list kept by hand beside it.

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace l402d {

// The name of the alternative `v` holds.
template <class Variant>
std::string_view variant_name(const Variant& v) {
  return std::visit([](const auto& a) { return std::decay_t<decltype(a)>::kName; }, v);
}

// Every alternative's name, in declaration order.
template <class Variant>
std::vector<std::string_view> variant_names() {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::vector<std::string_view>{std::variant_alternative_t<I, Variant>::kName...};
  }
  (std::make_index_sequence<std::variant_size_v<Variant>>());
}

// "a, b, c": for messages that list what is accepted.
template <class Variant>
std::string variant_names_text() {
  std::string out;
  for (auto name : variant_names<Variant>()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// The alternative called `name`, default-constructed; nullopt for an unknown name.
template <class Variant>
std::optional<Variant> variant_by_name(std::string_view name) {
  std::optional<Variant> out;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((name == std::variant_alternative_t<I, Variant>::kName
          ? void(out.emplace(std::in_place_index<I>))
          : void()),
     ...);
  }
  (std::make_index_sequence<std::variant_size_v<Variant>>());
  return out;
}

}  // namespace l402d
