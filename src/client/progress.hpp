#pragma once

// Progress lines on stderr while a request is outstanding (music takes a
// while): "waiting for https://host/api/l402/music: 12 s". Only the URL's
// origin and path are printed: a query may carry a key, headers a credential.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "client/transport.hpp"

namespace l402d::client {

class ProgressReporter {
 public:
  // Prints a line every `interval` until destroyed; nothing for quick requests.
  ProgressReporter(std::ostream& out, std::string what, std::chrono::milliseconds interval);
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

 private:
  void run();

  std::ostream& out_;
  std::string what_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

Transport with_progress(Transport inner, std::ostream& out, std::chrono::milliseconds interval);

}  // namespace l402d::client
