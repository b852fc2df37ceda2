#pragma once

// Wall-clock time as the protocol writes it: unix seconds in invoices,
// caveats and the store, RFC 3339 UTC for people. One place, so that every
// layer agrees on the epoch and the format.

#include <cstdint>
#include <string>

namespace l402d {

// Seconds since the unix epoch, from the system (wall) clock.
std::int64_t unix_now();

// RFC 3339 in UTC with a Z suffix, second precision: "2026-12-06T05:48:13Z".
std::string iso_time(std::int64_t unix_seconds);

}  // namespace l402d
