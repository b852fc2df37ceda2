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

TEST(Clock, ParseIsoTimeInvertsIsoTime) {
  for (const std::int64_t t : {std::int64_t{0}, std::int64_t{951782400}, std::int64_t{1735689599},
                               std::int64_t{1796536093}, std::int64_t{4102444800}}) {
    EXPECT_EQ(parse_iso_time(iso_time(t)), t) << iso_time(t);
  }
  EXPECT_EQ(parse_iso_time("2026-12-06T05:48:13Z"), 1796536093);
  EXPECT_EQ(parse_iso_time("2026-03-15T12:05:00Z"), 1773576300);
}

TEST(Clock, ParseIsoTimeDropsAFractionOfASecond) {
  EXPECT_EQ(parse_iso_time("2026-12-06T05:48:13.5Z"), 1796536093);
  EXPECT_EQ(parse_iso_time("2026-12-06T05:48:13.999999Z"), 1796536093);
}

TEST(Clock, ParseIsoTimeRejectsAnythingElse) {
  for (const char* text :
       {"", "Z", "2026-12-06", "2026-12-06T05:48:13", "2026-12-06T05:48:13z",
        "2026-12-06T05:48:13+00:00", "2026-12-06T05:48:13.Z", "2026-12-06T05:48:13.1aZ",
        "2026-12-06T05:48:13ZZ", "2026-12-06 05:48:13Z", "2026-13-06T05:48:13Z",
        "2026-12-32T05:48:13Z", "2026-12-06T24:48:13Z", "2026-12-06T05:60:13Z",
        "not a time at allZ", "1796536093"}) {
    EXPECT_EQ(parse_iso_time(text), std::nullopt) << text;
  }
}

TEST(Clock, ParseIsoTimeRejectsImpossibleDatesAndSpacePaddedFields) {
  // strptime range-checks each field alone and skips spaces before a number,
  // and timegm normalizes: only iso_time's exact form may be accepted.
  EXPECT_EQ(parse_iso_time("2026-02-30T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso_time("2026-12-06T 5:48:13Z"), std::nullopt);
}

TEST(Clock, ParseIsoTimeIgnoresTheLocalTimeZone) {
  const char* old = std::getenv("TZ");
  const std::string saved = old ? old : "";
  setenv("TZ", "Asia/Kolkata", 1);
  tzset();
  const auto t = parse_iso_time("2026-12-06T05:48:13Z");
  if (old) {
    setenv("TZ", saved.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  EXPECT_EQ(t, 1796536093);
}

}  // namespace
}  // namespace l402d
