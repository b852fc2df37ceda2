#include "http/request_metrics.hpp"

#include <gtest/gtest.h>

namespace l402d::http {
namespace {

bool has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(RequestMetrics, CountsByRouteAndStatusAndTimesByRoute) {
  Metrics m;
  m.describe("l402d_request_duration_seconds", "histogram", "d", {0.01, 1});
  RequestMetrics rm(m, {"/api/l402/music", "(unmatched)"});
  rm.record("/api/l402/music", 402, 0.001);
  rm.record("/api/l402/music", 402, 0.002);
  rm.record("/api/l402/music", 200, 0.5);
  rm.record("(unmatched)", 404, 0.0001);
  const auto text = m.render();
  EXPECT_TRUE(has(text, R"(l402d_requests_total{route="/api/l402/music",status="402"} 2)")) << text;
  EXPECT_TRUE(has(text, R"(l402d_requests_total{route="/api/l402/music",status="200"} 1)")) << text;
  EXPECT_TRUE(has(text, R"x(l402d_requests_total{route="(unmatched)",status="404"} 1)x")) << text;
  EXPECT_TRUE(
      has(text, R"(l402d_request_duration_seconds_bucket{route="/api/l402/music",le="0.01"} 2)"))
      << text;
  EXPECT_TRUE(has(text, R"(l402d_request_duration_seconds_count{route="/api/l402/music"} 3)"))
      << text;
  // No series for a status that never happened.
  EXPECT_EQ(text.find(R"(status="500")"), std::string::npos) << text;
}

TEST(RequestMetrics, RoutesItWasNotToldAboutStillCount) {
  Metrics m;
  RequestMetrics rm(m, {"/a"});
  rm.record("/b", 200, 0.1);
  rm.record("/b", 200, 0.1);
  const auto text = m.render();
  EXPECT_TRUE(has(text, R"(l402d_requests_total{route="/b",status="200"} 2)")) << text;
  EXPECT_TRUE(has(text, R"(l402d_request_duration_seconds_count{route="/b"} 2)")) << text;
}

}  // namespace
}  // namespace l402d::http
