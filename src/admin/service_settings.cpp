#include "admin/service_settings.hpp"

#include <algorithm>

namespace l402d::admin {

ServiceFacts facts_of(const api::Service& s) {
  ServiceFacts f;
  f.name = s.name;
  f.path = s.path();
  f.price_sats = s.price_sats;
  f.priced_per_request = s.pricing.has_value();
  f.kind = s.route ? "upstream" : "engine";
  f.redemption = s.redemption == api::Redemption::reusable ? "reusable" : "single_use";
  return f;
}

ServiceSettings::ServiceSettings(std::vector<ServiceFacts> services, store::AdminQueries& store,
                                 api::ServiceOverrides& overrides)
    : services_(std::move(services)), store_(store), overrides_(overrides) {}

void ServiceSettings::reload() {
  std::lock_guard lock(writing_);
  const auto stored = store_.service_settings();
  for (const auto& f : services_) {
    const auto it =
        std::find_if(stored.begin(), stored.end(),
                     [&f](const store::ServiceSetting& s) { return s.service == f.name; });
    // A service without a row (never changed, or changed back) runs as configured.
    if (it == stored.end()) {
      overrides_.set(f.name, std::nullopt, true);
    } else {
      overrides_.set(f.name, it->price_sats, it->enabled.value_or(true));
    }
  }
}

std::optional<ServiceView> ServiceSettings::change(const std::string& name,
                                                   const ServiceChange& change, std::int64_t now) {
  std::lock_guard lock(writing_);
  auto current = find(name);
  if (!current) return std::nullopt;
  store_.put_service_setting({name, change.price_sats, change.enabled, now});
  const auto price = change.price_sats ? change.price_sats : current->price_override;
  const bool enabled = change.enabled.value_or(current->enabled);
  overrides_.set(name, price, enabled);
  return find(name);
}

std::optional<ServiceView> ServiceSettings::find(const std::string& name) const {
  const auto f = std::find_if(services_.begin(), services_.end(),
                              [&name](const ServiceFacts& s) { return s.name == name; });
  if (f == services_.end()) return std::nullopt;
  const auto live = overrides_.find(name);
  if (!live) return ServiceView{*f, std::nullopt, true};
  return ServiceView{*f, live->price_sats(), live->enabled()};
}

std::vector<ServiceView> ServiceSettings::list() const {
  std::vector<ServiceView> out;
  for (const auto& f : services_)
    if (auto v = find(f.name)) out.push_back(std::move(*v));
  return out;
}

}  // namespace l402d::admin
