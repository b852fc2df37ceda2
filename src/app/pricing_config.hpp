#pragma once

// How a service's price rules are read (docs/pricing.md):
//   min_price_sats, max_price_sats
//   [[services.NAME.price_rules]]   method, path_prefix, field, equals, price_sats
//   [[services.NAME.size_charges]]  unit, field, per, price_msat
// Any of them makes the price depend on the request; price_sats stays the
// price of a request no rule matches (PriceList::base_msat is set from it
// when the service is declared, after the environment may have changed it).

#include "app/config_tables.hpp"

namespace l402d::app {

void read_pricing(TableReader& r, const toml::table& t, ServiceConfig& svc);

}  // namespace l402d::app
