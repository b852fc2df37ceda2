#pragma once

// How a [services.NAME] table that sells an upstream API is read: the keys
// only such a service has (upstream, match, headers, ...) and the
// redemption keys every service has. See docs/proxy.md.

#include <functional>
#include <optional>
#include <string>

#include "app/config_tables.hpp"

namespace l402d::app {

// A service name becomes a URL segment, a caveat and a metric label.
bool valid_service_name(std::string_view name);

// Reads `upstream` and its companion keys into `svc.upstream`; `env` looks
// up "${VAR}" in header values. Throws ConfigError naming the key.
void read_upstream(TableReader& r, ServiceConfig& svc,
                   const std::function<std::optional<std::string>(const std::string&)>& env);

// `redemption`, `uses`, `token_seconds`.
void read_redemption(TableReader& r, ServiceConfig& svc);

}  // namespace l402d::app
