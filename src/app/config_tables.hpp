#pragma once

// How config.cpp reads TOML: each table has a fixed set of keys (anything else
// is an error naming it), and a pluggable backend is chosen by
// `[<section>] backend = "<name>"` and configured by its own
// `[<section>.<name>]` table. A header so that the backend rules can be tested
// with backends that do not exist yet.

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/config.hpp"
#include "util/named_variant.hpp"

namespace l402d::app {

template <class Int>
Int to_int(const std::string& key, std::int64_t v, Int min, Int max) {
  if (v < static_cast<std::int64_t>(min) ||
      static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(max)) {
    throw ConfigError(key, "must be between " + std::to_string(min) + " and " +
                               std::to_string(max) + ", got " + std::to_string(v));
  }
  return static_cast<Int>(v);
}

// Reads a TOML table with a fixed set of keys; anything else is an error.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix)
      : table_(table), prefix_(std::move(prefix)) {}

  std::string key(std::string_view k) const { return prefix_ + std::string(k); }

  std::optional<std::string> str(std::string_view k) {
    seen_.insert(std::string(k));
    auto* node = table_.get(k);
    if (!node) return std::nullopt;
    if (auto v = node->value<std::string>(); v && node->is_string()) return *v;
    throw ConfigError(key(k), "expected a string");
  }

  std::optional<std::vector<std::string>> strings(std::string_view k) {
    seen_.insert(std::string(k));
    auto* node = table_.get(k);
    if (!node) return std::nullopt;
    const auto* array = node->as_array();
    if (!array) throw ConfigError(key(k), "expected an array of strings");
    std::vector<std::string> out;
    for (const auto& item : *array) {
      if (!item.is_string()) throw ConfigError(key(k), "expected an array of strings");
      out.push_back(*item.value<std::string>());
    }
    return out;
  }

  template <class Int>
  std::optional<Int> integer(std::string_view k, Int min, Int max) {
    seen_.insert(std::string(k));
    auto* node = table_.get(k);
    if (!node) return std::nullopt;
    if (!node->is_integer()) throw ConfigError(key(k), "expected an integer");
    return to_int<Int>(key(k), *node->value<std::int64_t>(), min, max);
  }

  std::optional<bool> boolean(std::string_view k) {
    seen_.insert(std::string(k));
    auto* node = table_.get(k);
    if (!node) return std::nullopt;
    if (!node->is_boolean()) throw ConfigError(key(k), "expected true or false");
    return *node->value<bool>();
  }

  const toml::table* subtable(std::string_view k) {
    seen_.insert(std::string(k));
    auto* node = table_.get(k);
    if (!node) return nullptr;
    if (!node->is_table()) throw ConfigError(key(k), "expected a table ([" + key(k) + "])");
    return node->as_table();
  }

  void mark_seen(std::string_view k) { seen_.insert(std::string(k)); }

  void reject_unknown() const {
    for (const auto& [k, v] : table_) {
      std::string name(k.str());
      if (!seen_.count(name)) throw ConfigError(key(name), "unknown key");
    }
  }

 private:
  const toml::table& table_;
  std::string prefix_;
  std::set<std::string> seen_;
};

// `backend = "<name>"` in `section`: switches `selected` to that backend's
// defaults unless it is already that backend (so that a later source keeps
// what an earlier one set for the same backend).
template <class Variant>
void select_backend(TableReader& section, Variant& selected) {
  auto name = section.str("backend");
  if (!name || *name == variant_name(selected)) return;
  auto fresh = variant_by_name<Variant>(*name);
  if (!fresh) {
    throw ConfigError(section.key("backend"), "unknown backend '" + *name + "' (known: " +
                                                  variant_names_text<Variant>() + ")");
  }
  selected = std::move(*fresh);
}

// Selects the backend, then reads each `[<section>.<name>]` table with
// `read_table(TableReader&, Config&)`. A table for a backend that is not the
// selected one is an error: its settings would silently do nothing.
template <class Variant, class ReadTable>
void read_backends(TableReader& section, Variant& selected, ReadTable read_table) {
  select_backend(section, selected);
  for (auto name : variant_names<Variant>()) {
    const auto* table = section.subtable(name);
    if (!table) continue;
    if (name != variant_name(selected)) {
      throw ConfigError(section.key(name), "configures backend '" + std::string(name) + "', but " +
                                               section.key("backend") + " is '" +
                                               std::string(variant_name(selected)) + "'");
    }
    TableReader reader(*table, section.key(name) + ".");
    std::visit([&](auto& config) { read_table(reader, config); }, selected);
    reader.reject_unknown();
  }
}

}  // namespace l402d::app
