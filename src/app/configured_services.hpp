#pragma once

// Every service the config declares: the built-in ones over their engines,
// and the seller's own APIs behind upstream URLs.

#include "app/builtin_services.hpp"

namespace l402d::app {

// The proxied services of `config` (those with an upstream). Throws
// ConfigError when an upstream's trust files are unusable.
ServiceFactory upstream_services(const Config& config);

// The built-in services, then the proxied ones.
ServiceFactory configured_services(const Config& config);

}  // namespace l402d::app
