#pragma once

// First-party caveats as Aperture writes them: UTF-8 `condition=value`, split on
// the first '='. Conditions we emit and understand:
//   services=<name>:<tier>[,<name>:<tier>...]
//   <service>_capabilities=<cap>[,<cap>...]      (may be empty)
//   <service>_valid_until=<unix seconds>
//   <service>_request=<64 lowercase hex>          (l402d's request binding)
//   <service>_price_msat=<millisatoshis>          (l402d's: what the token was
//                                                  sold for, where prices vary)
//   preimage=<64 hex>                             (added by gRPC-style clients)

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.hpp"

namespace l402d::l402 {

inline constexpr std::string_view kServicesCondition = "services";
inline constexpr std::string_view kCapabilitiesSuffix = "_capabilities";
inline constexpr std::string_view kValidUntilSuffix = "_valid_until";
inline constexpr std::string_view kRequestSuffix = "_request";
inline constexpr std::string_view kPriceSuffix = "_price_msat";
inline constexpr std::string_view kPreimageCondition = "preimage";

// Lists longer than this are refused: subset checks are quadratic and no real
// token needs more.
inline constexpr std::size_t kMaxListItems = 64;

struct CaveatParts {
  std::string_view condition;
  std::string_view value;
};

// nullopt when there is no '=' (Aperture ignores such caveats).
std::optional<CaveatParts> split_caveat(std::string_view caveat);
std::string format_caveat(std::string_view condition, std::string_view value);

// True for `<service><suffix>`.
bool is_service_condition(std::string_view condition, std::string_view service,
                          std::string_view suffix);

struct ServiceTier {
  std::string_view name;
  std::uint8_t tier = 0;
};

// Parses `name:tier,...` into `out` (borrowing from `value`). False on an empty
// value, empty name, missing or non-decimal tier above 255, or too many items.
bool parse_services(std::string_view value, std::vector<ServiceTier>& out);
// parse_services without the output: whether `value` is well formed.
bool services_valid(std::string_view value);
// Whether a (valid) services value names `service`; false if malformed.
bool services_contains(std::string_view value, std::string_view service);

// Comma-separated items of a capabilities value; the empty value is no items.
// False if there are more than kMaxListItems.
bool split_list(std::string_view value, std::vector<std::string_view>& out);
bool list_contains(std::string_view value, std::string_view item);

// Decimal unix seconds, no sign, no spaces.
std::optional<std::int64_t> parse_unix_time(std::string_view value);

// A name usable inside caveats: non-empty, no ':', ',', '=' or whitespace.
bool valid_caveat_name(std::string_view name);

struct ServiceGrant {
  std::string name;
  std::uint8_t tier = 0;
};

std::string services_caveat(std::span<const ServiceGrant> services);
std::string capabilities_caveat(std::string_view service, std::span<const std::string> caps);
std::string valid_until_caveat(std::string_view service, std::int64_t unix_seconds);
std::string request_caveat(std::string_view service, const Hash32& request_hash);
std::string price_caveat(std::string_view service, std::uint64_t price_msat);
std::string preimage_caveat(const Hash32& preimage);

}  // namespace l402d::l402
