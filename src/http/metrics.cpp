#include "http/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace l402d::http {

namespace {

std::string escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string label_text(const Labels& labels, const std::string& extra_key = {},
                       const std::string& extra_value = {}) {
  if (labels.empty() && extra_key.empty()) return "";
  std::string s = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) s += ",";
    first = false;
    s += k + "=\"" + escape(v) + "\"";
  }
  if (!extra_key.empty()) {
    if (!first) s += ",";
    s += extra_key + "=\"" + extra_value + "\"";
  }
  return s + "}";
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::ostringstream os;
  os.precision(15);
  os << v;
  return os.str();
}

}  // namespace

Metrics::HistogramCell::HistogramCell(std::vector<double> upper_bounds)
    : bounds(std::move(upper_bounds)),
      counts(std::make_unique<std::atomic<std::uint64_t>[]>(bounds.size())) {}

void Metrics::Histogram::observe(double value) const {
  if (!cell_) return;
  const auto& bounds = cell_->bounds;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (value <= bounds[i]) {
      cell_->counts[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  cell_->sum.fetch_add(value, std::memory_order_relaxed);
  cell_->count.fetch_add(1, std::memory_order_relaxed);
}

Metrics::ValueCell& Metrics::value_cell(const std::string& name, const Labels& labels,
                                        const char* type) {
  std::lock_guard lock(mutex_);
  auto& f = families_[name];
  // Undescribed families still need a type: "# TYPE name " alone is a line
  // Prometheus refuses, and with it the whole scrape.
  if (type != nullptr) f.type = type;
  if (f.type.empty()) f.type = "counter";
  auto& cell = f.values[labels];
  if (!cell) cell = std::make_unique<ValueCell>();
  return *cell;
}

Metrics::HistogramCell& Metrics::histogram_cell(const std::string& name, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& f = families_[name];
  f.type = "histogram";
  auto& cell = f.histograms[labels];
  if (!cell) cell = std::make_unique<HistogramCell>(f.buckets);
  return *cell;
}

Metrics::Counter Metrics::counter(const std::string& name, const Labels& labels) {
  return Counter(&value_cell(name, labels, nullptr));
}

Metrics::Histogram Metrics::histogram(const std::string& name, const Labels& labels) {
  return Histogram(&histogram_cell(name, labels));
}

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help,
                       std::vector<double> buckets) {
  std::lock_guard lock(mutex_);
  auto& f = families_[name];
  f.type = type;
  f.help = help;
  std::sort(buckets.begin(), buckets.end());
  f.buckets = std::move(buckets);
}

void Metrics::add_counter(const std::string& name, const Labels& labels, double delta) {
  counter(name, labels).add(delta);
}

void Metrics::set_gauge(const std::string& name, const Labels& labels, double value) {
  value_cell(name, labels, "gauge").value.store(value, std::memory_order_relaxed);
}

void Metrics::observe(const std::string& name, const Labels& labels, double value) {
  histogram(name, labels).observe(value);
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    if (!f.help.empty()) out += "# HELP " + name + " " + f.help + "\n";
    out += "# TYPE " + name + " " + f.type + "\n";
    for (const auto& [labels, cell] : f.values) {
      out += name + label_text(labels) + " " + number(cell->value.load()) + "\n";
    }
    for (const auto& [labels, h] : f.histograms) {
      // Count first, buckets clamped to it: a concurrent observe may already
      // show in a bucket but not yet in the count, and a bucket above +Inf
      // would make the series invalid.
      const std::uint64_t count = h->count.load();
      const double sum = h->sum.load();
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < h->bounds.size(); ++i) {
        cumulative += h->counts[i].load();
        out += name + "_bucket" + label_text(labels, "le", number(h->bounds[i])) + " " +
               std::to_string(std::min(cumulative, count)) + "\n";
      }
      out +=
          name + "_bucket" + label_text(labels, "le", "+Inf") + " " + std::to_string(count) + "\n";
      out += name + "_sum" + label_text(labels) + " " + number(sum) + "\n";
      out += name + "_count" + label_text(labels) + " " + std::to_string(count) + "\n";
    }
  }
  return out;
}

}  // namespace l402d::http
