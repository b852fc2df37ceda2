#pragma once

// Runs the real l402d binary on a free port for end-to-end tests: spawned with
// posix_spawn, its log captured to a file, its port read from the log line
// "listening on http://HOST:PORT".

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace l402d::testing {

// Starts args[0] with args, stdout and stderr to the given files; throws if it
// cannot. The caller reaps it.
inline pid_t spawn(std::vector<std::string> args, const std::string& out, const std::string& err) {
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  return pid;
}

class L402dProcess {
 public:
  L402dProcess(std::filesystem::path binary, std::filesystem::path data_dir,
               std::vector<std::string> extra_args = {})
      : binary_(std::move(binary)), data_dir_(std::move(data_dir)), extra_(std::move(extra_args)) {
    start();
  }
  ~L402dProcess() { kill(SIGKILL); }

  void start() {
    log_ = data_dir_.string() + ".log";
    std::filesystem::remove(log_);
    std::vector<std::string> args = {binary_.string(), "--data-dir", data_dir_.string(), "--listen",
                                     "127.0.0.1:0"};
    args.insert(args.end(), extra_.begin(), extra_.end());
    args.push_back("serve");
    pid_ = spawn(std::move(args), "/dev/null", log_);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::regex listening(R"(listening on http://[0-9.]+:([0-9]+))");
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch m;
      auto text = log();
      if (std::regex_search(text, m, listening)) {
        port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
        return;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("l402d exited at start:\n" + text);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("l402d did not start in time:\n" + log());
  }

  // Sends `sig` and waits for the process; returns its wait status.
  int kill(int sig) {
    if (pid_ <= 0) return 0;
    ::kill(pid_, sig);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

  std::string log() const {
    std::ifstream in(log_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  std::filesystem::path binary_;
  std::filesystem::path data_dir_;
  std::vector<std::string> extra_;
  std::string log_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace l402d::testing
