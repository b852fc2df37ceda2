#include "api/service_routes.hpp"

#include "api/json_body.hpp"
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
    return std::make_shared<paywall::ReusableRedemption>(&parts.ledger, service.uses);
  }
  paywall::SingleUseOptions o;
  // A crashed worker's claim is taken over once the longest job is surely over.
  o.lease_seconds = static_cast<std::int64_t>(service.timeout_seconds) + parts.lease_grace_seconds;
  o.retention_seconds = parts.result_retention_seconds;
  return std::make_shared<paywall::SingleUseRedemption>(parts.ledger, o);
}

namespace {

// Jobs keep their result with the token: services whose tokens keep none
// (reusable, proxied) answer every request when it is done.
jobs::JobRunner* jobs_for(const Service& service, const PaywallParts& parts) {
  return service.redemption == Redemption::single_use ? parts.jobs : nullptr;
}

std::shared_ptr<gateway::PaywallGate> make_gate(const Service& service, const PaywallParts& parts,
                                                std::shared_ptr<const LiveService> live) {
  gateway::GateOptions o;
  if (live) {
    o.live_price = [live]() -> std::optional<std::uint64_t> {
      if (auto sats = live->price_sats()) return *sats * 1000;
      return std::nullopt;
    };
  }
  o.service = service.name;
  o.price_msat = service.price_sats * 1000;
  o.job_timeout_seconds = service.timeout_seconds;
  o.token_seconds = service.token_seconds;
  if (service.pricing) {
    o.price = [list = *service.pricing, megapixels = service.megapixels](http::Exchange& ex) {
      return request_price(list, ex, megapixels);
    };
  }
  o.now = parts.now;
  o.public_url = parts.public_url;
  return std::make_shared<gateway::PaywallGate>(
      o, gateway::GateDeps{parts.challenger, parts.authorizer, parts.reader, parts.offers,
                           parts.settlement, redemption_policy(service, parts), parts.store_calls,
                           parts.metrics, parts.results, parts.idempotency, parts.waiters,
                           parts.store_health, jobs_for(service, parts), &parts.ledger,
                           parts.open_challenges});
}

// The stored request of a job, parsed as the validation filter parses a live one.
gateway::PrepareExchange prepare_for(const Service& service) {
  return [parse = service.parse](http::Exchange& ex) {
    auto body = parse_json_object(ex.request);
    if (!body) return false;
    if (parse) {
      auto parsed = parse(*body);
      if (!parsed) return false;
      ex.attachment = std::move(*parsed);
    }
    ex.json_body = std::make_shared<const boost::json::value>(std::move(*body));
    return true;
  };
}

void add_job_hooks(jobs::JobRunner& runner, const Service& service,
                   std::shared_ptr<gateway::PaywallGate> gate) {
  jobs::JobRunner::ServiceHooks hooks;
  hooks.resume = [gate, work = service.run, prepare = prepare_for(service)](
                     const store::JobRecord& job) { return gate->resume(job, work, prepare); };
  hooks.redeliver = [gate](const store::JobRecord& job) { return gate->redeliver(job); };
  hooks.poll = [gate](http::Exchange& ex, const store::JobRecord& job) {
    return gate->poll(ex, job);
  };
  runner.add_service(service.name, std::move(hooks));
}

// CORS -> cached replay -> validation -> admission -> access -> gate: the steps this
// service needs (a service without a parser takes any body; one that keeps
// no result has nothing to replay; one off the engine pool needs no admission).
http::Handler paid_chain(const Service& service, const PaywallParts& parts,
                         std::shared_ptr<gateway::PaywallGate> gate,
                         std::shared_ptr<const LiveService> live) {
  std::vector<std::shared_ptr<http::Filter>> filters{
      std::make_shared<http::CorsFilter>(parts.cors)};
  // A disabled service refuses before anything else, replays included.
  if (live) filters.push_back(std::make_shared<ServiceSwitchFilter>(std::move(live)));
  if (service.redemption == Redemption::single_use)
    filters.push_back(std::make_shared<gateway::ReplayFilter>(gate));
  if (service.parse) {
    filters.push_back(std::make_shared<ValidationFilter<std::any>>(
        service.parse,
        Offload{parts.verification, Offload{}.inline_body_bytes, service.costly_parse}));
  }
  if (service.uses_engines) {
    auto& engines = parts.engines;
    filters.push_back(
        std::make_shared<gateway::AdmissionFilter>([&engines] { return engines.has_capacity(); }));
  }
  if (parts.counters) {
    filters.push_back(std::make_shared<gateway::AccessFilter>(
        service.access, service.name, *parts.counters, parts.now,
        gateway::free_handler(service.run, service.name), parts.metrics, &parts.store_calls));
  }
  return http::chain(std::move(filters), gateway::gated(gate, service.run));
}

}  // namespace

void add_service_route(http::Router& router, const Service& service, http::Handler handler) {
  if (!service.route) {
    router.add(http::Verb::post, service.path(), std::move(handler));
    return;
  }
  const auto& route = *service.route;
  for (auto verb : {http::Verb::get, http::Verb::post, http::Verb::put, http::Verb::patch,
                    http::Verb::delete_}) {
    router.add_prefix(verb, route.prefix, handler, route.host);
  }
}

bool streams_uploads(const Service& service) {
  return service.upload_limit > 0 && service.route && service.redemption == Redemption::reusable &&
         !service.parse && !(service.pricing && pricing::reads_body(*service.pricing));
}

void add_service_routes(http::Router& router, const Service& service, const PaywallParts& parts) {
  auto live = parts.overrides ? parts.overrides->add(service.name) : nullptr;
  auto gate = make_gate(service, parts, live);
  if (auto* runner = jobs_for(service, parts)) add_job_hooks(*runner, service, gate);
  add_service_route(router, service, paid_chain(service, parts, std::move(gate), std::move(live)));
  if (streams_uploads(service))
    router.stream_bodies(service.route->prefix, service.route->host, service.upload_limit);
  if (service.route) {
    router.add_prefix(http::Verb::options, service.route->prefix,
                      http::preflight_handler(parts.cors), service.route->host);
  } else {
    router.add(http::Verb::options, service.path(), http::preflight_handler(parts.cors));
  }
}

ServiceListing listing_of(const Service& service) {
  ServiceListing l{service.name,         service.path(),     service.summary,
                   service.description,  service.price_sats, service.request_schema,
                   service.result_schema};
  l.proxied = service.route.has_value();
  l.reusable = service.redemption == Redemption::reusable;
  l.uses = service.uses;
  l.token_seconds = service.token_seconds;
  l.pricing = service.pricing;
  if (service.access.auth == access::AccessRules::Auth::freebies)
    l.free_requests_per_day = service.access.free_per_day;
  return l;
}

}  // namespace l402d::api
