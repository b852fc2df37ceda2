#include "api/upstream_service.hpp"

#include <memory>

#include "proxy/forwarder.hpp"

namespace l402d::api {

Service upstream_service(UpstreamServiceSettings settings) {
  Service s;
  s.name = settings.name;
  s.summary = "Proxied API: " + settings.upstream.url;
  s.description = settings.description.empty() ? "Paid access to " + settings.route.prefix
                                               : settings.description;
  s.price_sats = settings.price_sats;
  s.timeout_seconds = settings.timeout_seconds;
  s.redemption = settings.redemption;
  s.route = settings.route;
  s.upload_limit = settings.upload_limit_bytes;
  s.uses_engines = false;
  auto forwarder = std::make_shared<proxy::Forwarder>(
      std::move(settings.upstream), settings.redemption == Redemption::single_use);
  s.run = [forwarder](http::Exchange& ex) { return (*forwarder)(ex); };
  return s;
}

}  // namespace l402d::api
