#pragma once

// Prometheus text-format metrics: counters, gauges and histograms with fixed
// label sets. Lock-free on the hot path is not needed at our request rates; one
// mutex per family keeps it simple and correct.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace l402d::http {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  void add_counter(const std::string& name, const Labels& labels, double delta = 1);
  void set_gauge(const std::string& name, const Labels& labels, double value);
  void observe(const std::string& name, const Labels& labels, double value);

  // HELP text and, for histograms, bucket bounds (seconds or units of the value).
  void describe(const std::string& name, const std::string& type, const std::string& help,
                std::vector<double> buckets = {});

  std::string render() const;

 private:
  struct Histogram {
    std::vector<std::uint64_t> counts;  // per bucket, cumulative when rendered
    double sum = 0;
    std::uint64_t count = 0;
  };
  struct Family {
    std::string type = "counter";
    std::string help;
    std::vector<double> buckets;
    std::map<Labels, double> values;
    std::map<Labels, Histogram> histograms;
  };
  Family& family(const std::string& name);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace l402d::http
