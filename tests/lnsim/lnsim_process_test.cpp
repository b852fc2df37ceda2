// The lnsim executable as a script uses it: start it, wait for lnsim.json,
// talk to it, stop it with SIGTERM.

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "net/http_client.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

extern char** environ;

namespace l402d::lnsim {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

pid_t spawn(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
  return pid;
}

// The exit status, or -1 when it did not exit within `limit`.
int wait_exit(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    std::this_thread::sleep_for(10ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

TEST(LnsimProcess, StartsWritesItsInfoFileLastAndStopsOnSigterm) {
  l402d::testing::TempDir dir("lnsim-process");
  const auto info_file = dir.path() / "lnsim.json";
  const pid_t pid = spawn({LNSIM_BINARY, "--dir", dir.path().string(), "--network", "signet",
                           "--latency-ms", "5", "--threads", "1"});
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!std::filesystem::exists(info_file) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(std::filesystem::exists(info_file));
  const json::object info = json::parse(slurp(info_file)).as_object();
  EXPECT_EQ(info.at("pid").as_int64(), pid);
  EXPECT_EQ(info.at("network").as_string(), "signet");
  // Everything lnsim.json names exists by the time it does.
  for (const char* api : {"lnd", "cln", "lnbits", "phoenixd"}) {
    for (const auto& [key, value] : info.at(api).as_object()) {
      if (value.is_string() && value.as_string().starts_with("/")) {
        EXPECT_TRUE(std::filesystem::exists(std::string(value.as_string()))) << api << " " << key;
      }
    }
  }

  std::string password;
  std::istringstream conf(slurp(std::string(info.at("phoenixd").at("conf").as_string())));
  for (std::string line; std::getline(conf, line);) {
    if (line.starts_with("http-password=")) password = line.substr(14);
  }
  net::HttpClient http;
  net::HttpRequest r;
  r.url = std::string(info.at("phoenixd").at("url").as_string()) + "/getinfo";
  r.headers.emplace_back("Authorization", "Basic " + base64_encode(as_bytes(":" + password)));
  auto answer = http.perform(r);
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("\"chain\": \"signet\""), std::string::npos) << answer.body;

  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  EXPECT_EQ(wait_exit(pid, 5s), 0);
}

TEST(LnsimProcess, RefusesAnUnknownNetwork) {
  l402d::testing::TempDir dir("lnsim-process");
  const pid_t pid = spawn({LNSIM_BINARY, "--dir", dir.path().string(), "--network", "moon"});
  EXPECT_NE(wait_exit(pid, 5s), 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "lnsim.json"));
}

}  // namespace
}  // namespace l402d::lnsim
