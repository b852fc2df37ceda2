#include "util/clock.hpp"

#include <chrono>
#include <ctime>

namespace l402d {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso_time(std::int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  // gmtime_r, not gmtime: callers run on many threads at once.
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<std::int64_t> parse_iso_time(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  if (text.size() < 20 || text.back() != 'Z') return std::nullopt;
  const std::string s(text.substr(0, 19));
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const auto rest = text.substr(19, text.size() - 20);
  if (!rest.empty()) {
    if (rest.front() != '.' || rest.size() < 2) return std::nullopt;
    for (const char c : rest.substr(1))
      if (c < '0' || c > '9') return std::nullopt;
  }
  const auto t = static_cast<std::int64_t>(timegm(&tm));
  // strptime takes "2026-02-30" and " 5" for "05": only text that iso_time
  // would write for the same second is accepted.
  if (iso_time(t).substr(0, 19) != s) return std::nullopt;
  return t;
}

}  // namespace l402d
