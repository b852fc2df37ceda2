#pragma once

// Prometheus text-format metrics: counters, gauges and histograms with fixed
// label sets.
//
// Every series is a cell of atomics that never moves once created. Finding or
// creating a series takes the registry's mutex; updating one does not. The
// request path holds handles (Counter, Histogram) to the series it updates,
// because a shared lock and the label strings built per request were a
// measurable part of a cached replay, which costs a few microseconds in all.

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
 private:
  struct ValueCell {
    std::atomic<double> value{0};
  };
  struct HistogramCell {
    explicit HistogramCell(std::vector<double> upper_bounds);
    std::vector<double> bounds;                            // ascending, without +Inf
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts;  // per bucket, not cumulative
    std::atomic<double> sum{0};
    std::atomic<std::uint64_t> count{0};
  };

 public:
  // A handle to one counter series; a default-constructed one counts nothing.
  // Valid as long as the Metrics it came from.
  class Counter {
   public:
    Counter() = default;
    bool valid() const { return cell_ != nullptr; }
    void add(double delta = 1) const {
      if (cell_) cell_->value.fetch_add(delta, std::memory_order_relaxed);
    }

   private:
    friend class Metrics;
    explicit Counter(ValueCell* cell) : cell_(cell) {}
    ValueCell* cell_ = nullptr;
  };

  // A handle to one histogram series; a default-constructed one records nothing.
  class Histogram {
   public:
    Histogram() = default;
    void observe(double value) const;

   private:
    friend class Metrics;
    explicit Histogram(HistogramCell* cell) : cell_(cell) {}
    HistogramCell* cell_ = nullptr;
  };

  // The series `name{labels}`, created on first use.
  Counter counter(const std::string& name, const Labels& labels);
  Histogram histogram(const std::string& name, const Labels& labels);

  // One-off updates: find the series, then update it.
  void add_counter(const std::string& name, const Labels& labels, double delta = 1);
  void set_gauge(const std::string& name, const Labels& labels, double value);
  void observe(const std::string& name, const Labels& labels, double value);

  // HELP text and, for histograms, bucket bounds (seconds or units of the
  // value). Call before the family's first series: series keep the bounds
  // they were created with.
  void describe(const std::string& name, const std::string& type, const std::string& help,
                std::vector<double> buckets = {});

  std::string render() const;

 private:
  struct Family {
    std::string type = "counter";
    std::string help;
    std::vector<double> buckets;
    std::map<Labels, std::unique_ptr<ValueCell>> values;
    std::map<Labels, std::unique_ptr<HistogramCell>> histograms;
  };
  ValueCell& value_cell(const std::string& name, const Labels& labels, const char* type);
  HistogramCell& histogram_cell(const std::string& name, const Labels& labels);

  mutable std::mutex mutex_;  // guards the maps, not the cells' values
  std::map<std::string, Family> families_;
};

}  // namespace l402d::http
