#include "app/configured_services.hpp"

#include "api/upstream_service.hpp"
#include "net/http_types.hpp"

namespace l402d::app {

namespace {

api::Redemption redemption_of(const ServiceConfig& s) {
  return s.redemption == RedemptionChoice::reusable ? api::Redemption::reusable
                                                    : api::Redemption::single_use;
}

// The terms every service takes from its table, built-in or proxied.
void apply_terms(api::Service& service, const ServiceConfig& s) {
  service.redemption = redemption_of(s);
  service.uses = s.uses;
  service.token_seconds = s.token_seconds;
  service.access = s.access;
  if (s.pricing) {
    service.pricing = *s.pricing;
    service.pricing->base_msat = s.price_sats * 1000;
  }
}

proxy::Upstream upstream_of(const UpstreamConfig& u) {
  proxy::Upstream out;
  out.url = u.url;
  if (u.strip_match) {
    out.strip_prefix = u.match;
    if (out.strip_prefix.size() > 1 && out.strip_prefix.back() == '/') out.strip_prefix.pop_back();
  }
  out.headers = u.headers;
  out.ca_file = u.ca_file;
  out.pinned_cert_file = u.pinned_cert_file;
  out.idle_timeout = std::chrono::seconds(u.idle_timeout_seconds);
  return out;
}

api::Service declare(const ServiceConfig& s) {
  api::UpstreamServiceSettings o;
  o.name = s.name;
  o.description = s.description;
  o.price_sats = s.price_sats;
  o.route = {s.upstream->match, s.upstream->host};
  o.upstream = upstream_of(*s.upstream);
  o.redemption = redemption_of(s);
  o.timeout_seconds = s.timeout_seconds;
  o.upload_limit_bytes = s.upstream->upload_limit_bytes;
  try {
    return api::upstream_service(std::move(o));
  } catch (const net::HttpError& e) {
    throw ConfigError("services." + s.name, e.what());
  }
}

}  // namespace

ServiceFactory upstream_services(const Config& config) {
  // Declared now, so that a bad trust file fails at start.
  std::vector<api::Service> declared;
  for (const auto& [name, service] : config.services)
    if (service.upstream) declared.push_back(declare(service));
  return [declared](const api::ServiceContext&) { return declared; };
}

ServiceFactory configured_services(const Config& config) {
  auto builtin = builtin_services(config);
  auto upstream = upstream_services(config);
  auto tables = config.services;
  return [builtin, upstream, tables](const api::ServiceContext& context) {
    auto services = builtin(context);
    for (auto& s : upstream(context))
      services.push_back(std::move(s));
    for (auto& s : services)
      if (auto it = tables.find(s.name); it != tables.end()) apply_terms(s, it->second);
    return services;
  };
}

}  // namespace l402d::app
