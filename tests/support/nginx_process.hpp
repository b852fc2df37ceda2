#pragma once

// Debian's nginx on a free local port, as a real upstream for the proxy tests
// (and next to l402d in benchmarks): its own prefix directory, its own config
// with the `server` blocks the test gives, no daemon, stopped with the test.

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/l402d_process.hpp"

namespace l402d::testing {

// A port nothing listens on now (the kernel's pick; another process could
// take it before us, which on a test machine does not happen).
inline std::uint16_t free_local_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

inline bool accepts_connections(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

class NginxProcess {
 public:
  // `locations`: the inside of the server block (location directives), with
  // "@ROOT@" replaced by the directory files may be put in (root()).
  NginxProcess(std::filesystem::path dir, const std::string& locations)
      : dir_(std::move(dir)), port_(free_local_port()) {
    std::filesystem::create_directories(dir_ / "www");
    std::filesystem::create_directories(dir_ / "logs");
    std::ofstream(dir_ / "nginx.conf") << config(locations);
  }
  ~NginxProcess() { stop(); }

  std::filesystem::path root() const { return dir_ / "www"; }

  void start() {
    pid_ = spawn({"/usr/sbin/nginx", "-p", dir_.string(), "-c", (dir_ / "nginx.conf").string()},
                 (dir_ / "stdout").string(), (dir_ / "stderr").string());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!accepts_connections(port_)) {
      int status = 0;
      if (std::chrono::steady_clock::now() > deadline ||
          ::waitpid(pid_, &status, WNOHANG) == pid_) {
        throw std::runtime_error("nginx did not start: " + read_file(dir_ / "stderr") +
                                 read_file(dir_ / "logs" / "error.log"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGQUIT);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // What nginx logged per request, in the log_format the config sets.
  std::string access_log() const { return read_file(dir_ / "logs" / "access.log"); }

 private:
  static std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::string config(std::string locations) const {
    for (auto at = locations.find("@ROOT@"); at != std::string::npos; at = locations.find("@ROOT@"))
      locations.replace(at, 6, root().string());
    const std::string user = ::geteuid() == 0 ? "user root;\n" : "";
    return user + "daemon off;\nmaster_process on;\nworker_processes 1;\npid " +
           (dir_ / "nginx.pid").string() + ";\nerror_log " + (dir_ / "logs/error.log").string() +
           " warn;\nevents { worker_connections 1024; }\nhttp {\n"
           "  log_format upstream '$request|$http_authorization|$http_x_payment|"
           "$http_payment_signature|$http_x_forwarded_for|$http_x_forwarded_proto|"
           "$http_x_forwarded_host|$http_forwarded|$http_x_api_key|$http_connection';\n"
           "  access_log " +
           (dir_ / "logs/access.log").string() +
           " upstream;\n"
           "  client_body_temp_path " +
           (dir_ / "body").string() +
           ";\n"
           "  proxy_temp_path " +
           (dir_ / "proxy").string() +
           ";\n"
           "  fastcgi_temp_path " +
           (dir_ / "fastcgi").string() +
           ";\n"
           "  uwsgi_temp_path " +
           (dir_ / "uwsgi").string() +
           ";\n"
           "  scgi_temp_path " +
           (dir_ / "scgi").string() +
           ";\n"
           "  types { application/json json; text/plain txt; application/octet-stream bin; }\n"
           "  server {\n    listen 127.0.0.1:" +
           std::to_string(port_) + ";\n" + locations + "\n  }\n}\n";
  }

  std::filesystem::path dir_;
  std::uint16_t port_;
  pid_t pid_ = -1;
};

}  // namespace l402d::testing
