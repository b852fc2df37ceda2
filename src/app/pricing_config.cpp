#include "app/pricing_config.hpp"

namespace l402d::app {

namespace {

constexpr std::uint64_t kMaxSats = 21'000'000ULL * 100'000'000ULL;

template <class Read>
void each_table(TableReader& r, const toml::table& t, std::string_view key, Read read) {
  r.mark_seen(key);
  const auto* node = t.get(key);
  if (!node) return;
  const auto* array = node->as_array();
  if (!array) throw ConfigError(r.key(key), "expected a list of tables ([[...]])");
  std::size_t i = 0;
  for (const auto& item : *array) {
    const auto name = r.key(key) + "[" + std::to_string(i++) + "]";
    if (!item.is_table()) throw ConfigError(name, "expected a table");
    TableReader entry(*item.as_table(), name + ".");
    read(entry);
    entry.reject_unknown();
  }
}

std::string json_pointer(TableReader& r, std::string_view key) {
  auto v = r.str(key);
  if (!v) return {};
  if (v->empty() || v->front() != '/')
    throw ConfigError(r.key(key), "must be a JSON Pointer such as \"/model\"");
  return *v;
}

pricing::PriceRule read_rule(TableReader& r) {
  pricing::PriceRule rule;
  rule.method = r.str("method");
  rule.path_prefix = r.str("path_prefix");
  if (auto f = json_pointer(r, "field"); !f.empty()) rule.field = f;
  rule.equals = r.str("equals");
  if (rule.equals && !rule.field) throw ConfigError(r.key("equals"), "needs a field");
  auto sats = r.integer<std::uint64_t>("price_sats", 0, kMaxSats);
  if (!sats) throw ConfigError(r.key("price_sats"), "is required");
  rule.price_msat = *sats * 1000;
  return rule;
}

pricing::SizeUnit size_unit(TableReader& r) {
  const auto unit = r.str("unit").value_or("");
  if (unit == "body_bytes") return pricing::SizeUnit::body_bytes;
  if (unit == "field_chars") return pricing::SizeUnit::field_chars;
  if (unit == "image_megapixels") return pricing::SizeUnit::image_megapixels;
  throw ConfigError(r.key("unit"), "must be body_bytes, field_chars or image_megapixels");
}

pricing::SizeCharge read_charge(TableReader& r) {
  pricing::SizeCharge charge;
  charge.unit = size_unit(r);
  charge.field = json_pointer(r, "field");
  if ((charge.unit == pricing::SizeUnit::field_chars) == charge.field.empty())
    throw ConfigError(r.key("field"), "is required with unit field_chars, and only with it");
  charge.per = static_cast<double>(r.integer<std::uint64_t>("per", 1, 1'000'000'000).value_or(1));
  auto msat = r.integer<std::uint64_t>("price_msat", 1, kMaxSats * 1000);
  if (!msat) throw ConfigError(r.key("price_msat"), "is required");
  charge.msat_each = *msat;
  return charge;
}

}  // namespace

void read_pricing(TableReader& r, const toml::table& t, ServiceConfig& svc) {
  pricing::PriceList list;
  each_table(r, t, "price_rules", [&](TableReader& e) { list.rules.push_back(read_rule(e)); });
  each_table(r, t, "size_charges", [&](TableReader& e) { list.charges.push_back(read_charge(e)); });
  const auto min = r.integer<std::uint64_t>("min_price_sats", 1, kMaxSats);
  const auto max = r.integer<std::uint64_t>("max_price_sats", 1, kMaxSats);
  if (min && max && *min > *max)
    throw ConfigError(r.key("min_price_sats"), "is above max_price_sats");
  if (list.rules.empty() && list.charges.empty() && !min && !max) return;
  for (const auto& c : list.charges) {
    if (c.unit == pricing::SizeUnit::image_megapixels && svc.name != "vision")
      throw ConfigError(r.key("size_charges"), "image_megapixels is known to vision only");
  }
  list.min_msat = min.value_or(0) * 1000;
  if (max) list.max_msat = *max * 1000;
  svc.pricing = std::move(list);
}

}  // namespace l402d::app
