#pragma once

#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

namespace l402d::client::testing {

// A fresh data directory per test, removed afterwards.
class TempHome {
 public:
  TempHome() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("l402-client-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempHome() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempHome(const TempHome&) = delete;
  TempHome& operator=(const TempHome&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace l402d::client::testing
