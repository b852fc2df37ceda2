#include "api/service_routes.hpp"

#include "api/validation_filter.hpp"
#include "gateway/access_filter.hpp"
#include "gateway/admission_filter.hpp"
#include "gateway/paywall_gate.hpp"
#include "paywall/reusable_redemption.hpp"
#include "paywall/single_use_redemption.hpp"

namespace l402d::api {

std::shared_ptr<paywall::RedemptionPolicy> redemption_policy(const Service& service,
                                                             const PaywallParts& parts) {
  if (service.redemption == Redemption::reusable) {
    return std::make_shared<paywall::ReusableRedemption>(&parts.ledger);
  }
  paywall::SingleUseOptions o;
  // A crashed worker's claim is taken over once the longest job is surely over.
  o.lease_seconds = static_cast<std::int64_t>(service.timeout_seconds) + 30;
  o.retention_seconds = parts.result_retention_seconds;
  return std::make_shared<paywall::SingleUseRedemption>(parts.ledger, o);
}

namespace {

std::shared_ptr<gateway::PaywallGate> make_gate(const Service& service, const PaywallParts& parts) {
  gateway::GateOptions o;
  o.service = service.name;
  o.price_msat = service.price_sats * 1000;
  o.job_timeout_seconds = service.timeout_seconds;
  o.now = parts.now;
  o.public_url = parts.public_url;
  return std::make_shared<gateway::PaywallGate>(
      o, gateway::GateDeps{parts.challenger, parts.authorizer, parts.reader, parts.offers,
                           parts.settlement, redemption_policy(service, parts), parts.store_calls,
                           parts.metrics, parts.results, parts.idempotency});
}

std::vector<std::shared_ptr<http::Filter>> filters_of(const Service& service,
                                                      const PaywallParts& parts,
                                                      std::shared_ptr<gateway::PaywallGate> gate) {
  auto& engines = parts.engines;
  std::vector<std::shared_ptr<http::Filter>> filters{
      std::make_shared<http::CorsFilter>(parts.cors),
      std::make_shared<gateway::ReplayFilter>(std::move(gate)),
      std::make_shared<ValidationFilter<std::any>>(
          service.parse,
          Offload{parts.verification, Offload{}.inline_body_bytes, service.costly_parse}),
      std::make_shared<gateway::AdmissionFilter>([&engines] { return engines.has_capacity(); })};
  if (parts.counters) {
    filters.push_back(std::make_shared<gateway::AccessFilter>(
        service.access, service.name, *parts.counters, parts.now,
        gateway::free_handler(service.run, service.name), parts.metrics));
  }
  return filters;
}

}  // namespace

void add_service_routes(http::Router& router, const Service& service, const PaywallParts& parts) {
  auto gate = make_gate(service, parts);
  router.add(http::Verb::post, service.path(),
             http::chain(filters_of(service, parts, gate), gateway::gated(gate, service.run)));
  router.add(http::Verb::options, service.path(), http::preflight_handler(parts.cors));
}

ServiceListing listing_of(const Service& service) {
  const bool freebies = service.access.auth == access::AccessRules::Auth::freebies;
  return {service.name,          service.path(),
          service.summary,       service.description,
          service.price_sats,    service.request_schema,
          service.result_schema, freebies ? service.access.free_per_day : 0};
}

}  // namespace l402d::api
