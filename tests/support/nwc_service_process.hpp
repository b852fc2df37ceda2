#pragma once

// Runs tests/interop/nwc/nwc_service.mjs: a Nostr relay and an NWC (NIP-47)
// wallet service from npm packages, backed by a running lnsim's LNbits API.
// Ready once its out file exists (written last, temp + rename); stopped with
// SIGTERM. The out file holds the connection URIs, secrets included: it
// lives in the test's own directory.
//
//   NwcServiceProcess nwc(NODE_BINARY, NWC_SERVICE_SCRIPT, lnsim.info_file(), dir / "nwc.json");
//   nwc.seller_uri();  // get_info, make_invoice, lookup_invoice + payment_received
//   nwc.buyer_uri();   // get_info, get_balance, pay_invoice, lookup_invoice

#include <signal.h>
#include <sys/wait.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/l402d_process.hpp"

namespace l402d::testing {

class NwcServiceProcess {
 public:
  NwcServiceProcess(const std::filesystem::path& node, const std::filesystem::path& script,
                    const std::filesystem::path& lnsim_json, std::filesystem::path out_file)
      : out_(std::move(out_file)), log_(out_.string() + ".log") {
    if (!std::filesystem::exists(script.parent_path() / "node_modules")) {
      throw std::runtime_error("no node_modules beside " + script.string() +
                               ": run `npm ci` there (./dev test does)");
    }
    std::filesystem::remove(out_);
    pid_ = spawn(
        {node.string(), script.string(), "--lnsim", lnsim_json.string(), "--out", out_.string()},
        "/dev/null", log_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!std::filesystem::exists(out_)) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("nwc_service.mjs exited at start:\n" + log());
      }
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        throw std::runtime_error("nwc_service.mjs did not start in 20 s:\n" + log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    try {
      const auto info = boost::json::parse(slurp(out_)).as_object();
      relay_ = std::string(info.at("relay").as_string());
      seller_ = std::string(info.at("seller").as_string());
      buyer_ = std::string(info.at("buyer").as_string());
    } catch (...) {
      stop();  // no destructor runs for a constructor that throws
      throw;
    }
  }
  ~NwcServiceProcess() { stop(); }
  NwcServiceProcess(const NwcServiceProcess&) = delete;
  NwcServiceProcess& operator=(const NwcServiceProcess&) = delete;

  const std::string& relay() const { return relay_; }  // ws://127.0.0.1:PORT
  const std::string& seller_uri() const { return seller_; }
  const std::string& buyer_uri() const { return buyer_; }
  std::string log() const { return slurp(log_); }

  // SIGTERM, then SIGKILL if it has not gone within 5 s; returns the wait
  // status (0 once stopped).
  int stop() {
    if (pid_ <= 0) return 0;
    ::kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    return status;
  }

 private:
  static std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::filesystem::path out_;
  std::string log_;
  pid_t pid_ = -1;
  std::string relay_, seller_, buyer_;
};

}  // namespace l402d::testing
