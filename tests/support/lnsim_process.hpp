#pragma once

// Runs the lnsim binary (tests/lnsim: the simulated LND, Core Lightning,
// LNbits and phoenixd) for end-to-end tests: spawned into `dir`, ready once
// DIR/lnsim.json exists (lnsim writes it last), stopped with SIGTERM.

#include <signal.h>
#include <sys/wait.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/l402d_process.hpp"

namespace l402d::testing {

class LnsimProcess {
 public:
  LnsimProcess(const std::filesystem::path& binary, const std::filesystem::path& dir,
               std::vector<std::string> extra_args = {})
      : log_(dir.string() + ".lnsim.log") {
    std::vector<std::string> args = {binary.string(), "--dir", dir.string()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    pid_ = spawn(std::move(args), "/dev/null", log_);
    const auto info_file = dir / "lnsim.json";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!std::filesystem::exists(info_file)) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("lnsim exited at start:\n" + slurp(log_));
      }
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        throw std::runtime_error("lnsim did not start in time:\n" + slurp(log_));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    info_ = boost::json::parse(slurp(info_file)).as_object();
    info_file_ = info_file;
  }
  ~LnsimProcess() { stop(); }
  LnsimProcess(const LnsimProcess&) = delete;
  LnsimProcess& operator=(const LnsimProcess&) = delete;

  // lnsim.json: each API's url and credential files (see tests/lnsim/README.md).
  const boost::json::object& info() const { return info_; }
  const std::filesystem::path& info_file() const { return info_file_; }
  std::string field(const char* api, const char* key) const {
    return std::string(info_.at(api).at(key).as_string());
  }
  std::string log() const { return slurp(log_); }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  static std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  std::string log_;
  std::filesystem::path info_file_;
  boost::json::object info_;
  pid_t pid_ = -1;
};

}  // namespace l402d::testing
