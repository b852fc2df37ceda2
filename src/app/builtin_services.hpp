#pragma once

// The one place that knows which services l402d sells out of the box: it
// builds their engines from the configuration (builtin, or a hosted provider)
// and declares each service over its engine.

#include <functional>
#include <vector>

#include "api/service.hpp"
#include "api/service_context.hpp"
#include "app/config.hpp"

namespace l402d::app {

// The built-in services' settings before the config file and environment
// apply: names, prices, time limits and the engines each can run on.
std::vector<ServiceConfig> builtin_service_defaults();

// Declares the services once the server can give them their context.
using ServiceFactory = std::function<std::vector<api::Service>(const api::ServiceContext&)>;

// Builds the engines the config asks for now, so a bad provider setting fails
// at start. Throws ConfigError / std::runtime_error when one cannot start.
ServiceFactory builtin_services(const Config& config);

}  // namespace l402d::app
