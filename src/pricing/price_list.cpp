#include "pricing/price_list.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <limits>

namespace l402d::pricing {

namespace {

namespace json = boost::json;

constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > kMax - b ? kMax : a + b;
}

std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
  return b != 0 && a > kMax / b ? kMax : a * b;
}

const json::value* field_of(const RequestFacts& r, const std::string& pointer) {
  if (!r.json) return nullptr;
  boost::system::error_code ec;
  return r.json->find_pointer(pointer, ec);
}

bool field_equals(const json::value& v, const std::string& expected) {
  if (v.is_string()) return v.get_string() == expected;
  return json::serialize(v) == expected;
}

bool matches(const PriceRule& rule, const RequestFacts& r) {
  if (rule.method && *rule.method != r.method) return false;
  if (rule.path_prefix && !r.path.starts_with(*rule.path_prefix)) return false;
  if (rule.field) {
    const auto* v = field_of(r, *rule.field);
    if (!v) return false;
    if (rule.equals && !field_equals(*v, *rule.equals)) return false;
  }
  return true;
}

double units_of(const SizeCharge& charge, const RequestFacts& r) {
  switch (charge.unit) {
    case SizeUnit::body_bytes:
      return static_cast<double>(r.body_bytes);
    case SizeUnit::field_chars: {
      const auto* v = field_of(r, charge.field);
      return v ? static_cast<double>(string_chars(*v)) : 0;
    }
    case SizeUnit::image_megapixels:
      return r.image_megapixels;
  }
  return 0;
}

std::uint64_t charge_of(const SizeCharge& charge, const RequestFacts& r) {
  const double steps = std::ceil(units_of(charge, r) / std::max(charge.per, 1e-9));
  if (!(steps > 0)) return 0;
  if (steps >= static_cast<double>(kMax)) return charge.msat_each == 0 ? 0 : kMax;
  return saturating_mul(static_cast<std::uint64_t>(steps), charge.msat_each);
}

}  // namespace

std::uint64_t string_chars(const json::value& value) {
  if (value.is_string()) {
    const auto s = value.get_string();
    // UTF-8: count the bytes that start a code point.
    return static_cast<std::uint64_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  }
  std::uint64_t n = 0;
  if (value.is_array()) {
    for (const auto& item : value.get_array())
      n = saturating_add(n, string_chars(item));
  } else if (value.is_object()) {
    for (const auto& member : value.get_object())
      n = saturating_add(n, string_chars(member.value()));
  }
  return n;
}

bool reads_body(const PriceList& list) {
  const bool by_field = std::any_of(list.rules.begin(), list.rules.end(),
                                    [](const PriceRule& r) { return r.field.has_value(); });
  return by_field || std::any_of(list.charges.begin(), list.charges.end(), [](const SizeCharge& c) {
           return c.unit != SizeUnit::body_bytes;
         });
}

std::uint64_t price_of(const PriceList& list, const RequestFacts& request) {
  std::uint64_t price = list.base_msat;
  const auto rule = std::find_if(list.rules.begin(), list.rules.end(),
                                 [&](const PriceRule& r) { return matches(r, request); });
  if (rule != list.rules.end()) price = rule->price_msat;
  for (const auto& charge : list.charges)
    price = saturating_add(price, charge_of(charge, request));
  price = std::max(price, list.min_msat);
  if (list.max_msat) price = std::min(price, *list.max_msat);
  return price;
}

}  // namespace l402d::pricing
