#pragma once

// Wall-clock time as the protocol writes it: unix seconds in invoices,
// caveats and the store, RFC 3339 UTC for people. One place, so that every
// layer agrees on the epoch and the format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace l402d {

// Seconds since the unix epoch, from the system (wall) clock.
std::int64_t unix_now();

// RFC 3339 in UTC with a Z suffix, second precision: "2026-12-06T05:48:13Z".
std::string iso_time(std::int64_t unix_seconds);
// The inverse of iso_time, for UTC text in exactly that form (a fraction of a
// second is accepted and dropped); nullopt for anything else.
std::optional<std::int64_t> parse_iso_time(std::string_view text);

}  // namespace l402d
