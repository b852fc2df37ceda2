#include "util/clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

namespace l402d {
namespace {

TEST(Clock, UnixNowFollowsTheSystemClock) {
  const auto before = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto now = unix_now();
  const auto after = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

TEST(Clock, IsoTimeIsRfc3339Utc) {
  EXPECT_EQ(iso_time(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso_time(1796536093), "2026-12-06T05:48:13Z");
  // A leap day and the last second of a year.
  EXPECT_EQ(iso_time(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(iso_time(1735689599), "2024-12-31T23:59:59Z");
}

TEST(Clock, IsoTimeIgnoresTheLocalTimeZone) {
  const char* old = std::getenv("TZ");
  const std::string saved = old ? old : "";
  setenv("TZ", "America/New_York", 1);
  tzset();
  const auto text = iso_time(1796536093);
  if (old) {
    setenv("TZ", saved.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  EXPECT_EQ(text, "2026-12-06T05:48:13Z");
}

}  // namespace
}  // namespace l402d
