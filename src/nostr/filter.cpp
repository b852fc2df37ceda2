#include "nostr/filter.hpp"

#include <algorithm>
#include <stdexcept>

#include "util/hex.hpp"

namespace l402d::nostr {

namespace json = boost::json;

namespace {

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

template <class T>
bool any_or_empty(const std::vector<T>& list, const T& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

bool Filter::matches(const Event& event) const {
  if (!any_or_empty(ids, event.id) || !any_or_empty(authors, event.pubkey) ||
      !any_or_empty(kinds, event.kind)) {
    return false;
  }
  if (since && event.created_at < *since) return false;
  if (until && event.created_at > *until) return false;
  // Not a structured binding: clang before 16 cannot capture one in a lambda.
  for (const auto& entry : tags) {
    const auto& name = entry.first;
    const auto& values = entry.second;
    if (values.empty()) continue;
    const bool found = std::any_of(event.tags.begin(), event.tags.end(), [&](const Tag& tag) {
      return tag.size() >= 2 && tag[0].size() == 1 && tag[0][0] == name &&
             std::find(values.begin(), values.end(), tag[1]) != values.end();
    });
    if (!found) return false;
  }
  return true;
}

json::value to_json(const Filter& filter) {
  json::object o;
  if (!filter.ids.empty()) {
    json::array a;
    for (const EventId& id : filter.ids)
      a.emplace_back(to_hex(id));
    o["ids"] = std::move(a);
  }
  if (!filter.authors.empty()) {
    json::array a;
    for (const PublicKey& k : filter.authors)
      a.emplace_back(k.hex());
    o["authors"] = std::move(a);
  }
  if (!filter.kinds.empty()) {
    json::array a;
    for (const std::uint16_t k : filter.kinds)
      a.emplace_back(k);
    o["kinds"] = std::move(a);
  }
  for (const auto& [name, values] : filter.tags) {
    if (!is_letter(name)) throw std::invalid_argument("nostr filter: tag name must be one letter");
    if (values.empty()) continue;
    json::array a;
    for (const std::string& v : values)
      a.emplace_back(json::string_view(v.data(), v.size()));
    o[std::string{'#', name}] = std::move(a);
  }
  if (filter.since) o["since"] = *filter.since;
  if (filter.until) o["until"] = *filter.until;
  if (filter.limit) o["limit"] = *filter.limit;
  return o;
}

}  // namespace l402d::nostr
