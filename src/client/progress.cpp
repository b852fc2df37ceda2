#include "client/progress.hpp"

#include "client/url.hpp"

namespace l402d::client {

ProgressReporter::ProgressReporter(std::ostream& out, std::string what,
                                   std::chrono::milliseconds interval)
    : out_(out), what_(std::move(what)), interval_(interval), thread_([this] { run(); }) {}

ProgressReporter::~ProgressReporter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ProgressReporter::run() {
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  for (auto next = start + interval_;; next += interval_) {
    if (cv_.wait_until(lock, next, [this] { return stop_; })) return;
    auto secs =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
            .count();
    // One write per line so lines from other threads do not interleave mid-line.
    out_ << ("waiting for " + what_ + ": " + std::to_string(secs) + " s\n") << std::flush;
  }
}

Transport with_progress(Transport inner, std::ostream& out, std::chrono::milliseconds interval) {
  return [inner = std::move(inner), &out, interval](const net::HttpRequest& request) {
    std::string what;
    try {
      what = parse_url(request.url).printable();
    } catch (const std::exception&) {
      what = "the server";
    }
    ProgressReporter reporter(out, std::move(what), interval);
    return inner(request);
  };
}

}  // namespace l402d::client
