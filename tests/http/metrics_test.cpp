#include "http/metrics.hpp"

#include <gtest/gtest.h>

namespace l402d::http {
namespace {

TEST(Metrics, CountersRenderWithLabels) {
  Metrics m;
  m.describe("l402d_requests_total", "counter", "Requests by route and status.");
  m.add_counter("l402d_requests_total", {{"route", "/api/l402/music"}, {"status", "402"}});
  m.add_counter("l402d_requests_total", {{"route", "/api/l402/music"}, {"status", "402"}});
  auto text = m.render();
  EXPECT_NE(text.find("# TYPE l402d_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find("l402d_requests_total{route=\"/api/l402/music\",status=\"402\"} 2\n"),
            std::string::npos);
}

TEST(Metrics, UndescribedCountersAreTypedCounter) {
  Metrics m;
  m.add_counter("x_total", {{"code", "a"}});
  auto text = m.render();
  EXPECT_NE(text.find("# TYPE x_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("x_total{code=\"a\"} 1\n"), std::string::npos) << text;
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics m;
  m.describe("d_seconds", "histogram", "Durations.", {0.1, 1, 10});
  m.observe("d_seconds", {}, 0.05);
  m.observe("d_seconds", {}, 0.5);
  m.observe("d_seconds", {}, 50);
  auto text = m.render();
  EXPECT_NE(text.find("d_seconds_bucket{le=\"0.1\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("d_seconds_bucket{le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("d_seconds_bucket{le=\"10\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("d_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("d_seconds_count 3\n"), std::string::npos);
  EXPECT_NE(text.find("d_seconds_sum 50.55\n"), std::string::npos);
}

TEST(Metrics, LabelValuesAreEscaped) {
  Metrics m;
  m.set_gauge("g", {{"k", "a\"b"}}, 1);
  EXPECT_NE(m.render().find("g{k=\"a\\\"b\"} 1"), std::string::npos);
}

}  // namespace
}  // namespace l402d::http
