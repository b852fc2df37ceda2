#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

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

// Handles update without the registry's lock; concurrent updates must still
// all count.
TEST(Metrics, HandlesCountEveryUpdateFromManyThreads) {
  Metrics m;
  m.describe("h_seconds", "histogram", "Durations.", {0.5, 1});
  auto c = m.counter("c_total", {{"route", "/x"}});
  auto h = m.histogram("h_seconds", {{"route", "/x"}});
  constexpr int kThreads = 4;
  constexpr int kEach = 50'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        c.add();
        h.observe(t % 2 == 0 ? 0.25 : 2.0);
      }
    });
  }
  for (auto& t : threads)
    t.join();
  auto text = m.render();
  EXPECT_NE(text.find("c_total{route=\"/x\"} 200000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_seconds_bucket{route=\"/x\",le=\"0.5\"} 100000\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("h_seconds_bucket{route=\"/x\",le=\"+Inf\"} 200000\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("h_seconds_sum{route=\"/x\"} 225000\n"), std::string::npos) << text;
}

TEST(Metrics, HandlesAndOneOffUpdatesShareTheSeries) {
  Metrics m;
  auto c = m.counter("c_total", {{"service", "music"}});
  c.add(2);
  m.add_counter("c_total", {{"service", "music"}}, 3);
  m.counter("c_total", {{"service", "music"}}).add();  // the same series again
  EXPECT_NE(m.render().find("c_total{service=\"music\"} 6\n"), std::string::npos) << m.render();
  Metrics::Counter none;
  none.add();  // a default handle counts nothing and does not crash
}

}  // namespace
}  // namespace l402d::http
