#pragma once

// A GoogleTest fixture for end-to-end tests: the real l402d binary (see
// l402d_process.hpp) in a fresh data directory, driven over real HTTP as a
// buyer with curl would, plus the helpers those tests share (request bodies,
// paying a challenge with the development node, reading /metrics).

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_client.hpp"
#include "support/l402d_process.hpp"
#include "util/base64.hpp"

namespace l402d::testing {

inline std::string read_binary_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A file under tests/data/vision/.
inline std::string vision_test_image(const std::string& name) {
  return read_binary_file(std::filesystem::path(L402D_TEST_DATA) / "vision" / name);
}

// The seed's vision body: a data URI of a test photo, a question, the model.
inline std::string image_request(const std::string& prompt,
                                 const std::string& image = "astronaut.jpg") {
  std::string raw = vision_test_image(image);
  return boost::json::serialize(
      boost::json::object{{"image", "data:image/jpeg;base64," + base64_encode(as_bytes(raw))},
                          {"prompt", prompt},
                          {"model", "Vision Chat"}});
}

// The value of one series in Prometheus text, named exactly as rendered
// (`l402d_payments_redeemed_total{service="vision"}`); 0 when it is absent,
// which is how counters that never moved look.
inline double metric_value(std::string_view metrics, std::string_view series) {
  std::size_t pos = 0;
  while ((pos = metrics.find(series, pos)) != std::string_view::npos) {
    const bool line_start = pos == 0 || metrics[pos - 1] == '\n';
    const std::size_t after = pos + series.size();
    if (line_start && after < metrics.size() && metrics[after] == ' ') {
      const std::size_t end = metrics.find('\n', after);
      return std::stod(std::string(metrics.substr(after + 1, end - after - 1)));
    }
    pos = after;
  }
  return 0;
}

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "-" + info->name();
    for (char& c : name)
      if (c == '/') c = '_';  // parameterised tests: Suite/Name/0
    dir_ = std::filesystem::temp_directory_path() /
           ("l402d-e2e-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override {
    others_.clear();
    server_.reset();
    for (const auto& d : cleanup_) {
      std::filesystem::remove_all(d);
      std::filesystem::remove(d.string() + ".log");
    }
    std::filesystem::remove_all(dir_);
    std::filesystem::remove(dir_.string() + ".log");
    std::filesystem::remove(dir_.string() + ".toml");
  }

  void start(std::vector<std::string> args = {}) {
    server_ = std::make_unique<L402dProcess>(L402D_BINARY, dir_, std::move(args));
  }
  // Starts l402d with this TOML configuration (written next to the data dir).
  void start_with_config(const std::string& toml, std::vector<std::string> args = {}) {
    auto path = dir_.string() + ".toml";
    std::ofstream(path) << toml;
    args.insert(args.begin(), {"--config", path});
    start(std::move(args));
  }
  // Another l402d with its own data directory (so its own keys and node).
  L402dProcess& start_other(const std::string& suffix, std::vector<std::string> args = {}) {
    auto dir = std::filesystem::path(dir_.string() + "-" + suffix);
    std::filesystem::remove_all(dir);
    cleanup_.push_back(dir);
    others_.push_back(std::make_unique<L402dProcess>(L402D_BINARY, dir, std::move(args)));
    return *others_.back();
  }

  static net::HttpResponse post_to(const L402dProcess& server, const std::string& path,
                                   const std::string& body, const std::string& authorization = {}) {
    net::HttpRequest r;
    r.method = "POST";
    r.url = server.url(path);
    r.body = body;
    r.headers = {{"Content-Type", "application/json"}};
    if (!authorization.empty()) r.headers.emplace_back("Authorization", authorization);
    r.timeout = std::chrono::seconds(600);  // a song under ASan, behind a queue
    return net::perform(r);
  }
  net::HttpResponse post(const std::string& path, const std::string& body,
                         const std::string& authorization = {}) {
    return post_to(*server_, path, body, authorization);
  }
  net::HttpResponse get(const std::string& path) {
    net::HttpRequest r;
    r.url = server_->url(path);
    return net::perform(r);
  }
  // Any request to the server under test; `path` is relative to it.
  net::HttpResponse send(net::HttpRequest r, const std::string& path) {
    r.url = server_->url(path);
    return net::perform(r);
  }

  // The seed's step 2 (pay the invoice of a 402) on `server`'s development
  // node: returns the Authorization header value for step 3.
  static std::string pay_at(const L402dProcess& server, const net::HttpResponse& challenge) {
    auto body = boost::json::parse(challenge.body).as_object();
    auto paid =
        post_to(server, "/dev/pay",
                boost::json::serialize(boost::json::object{{"invoice", body.at("invoice")}}));
    EXPECT_EQ(paid.status, 200) << paid.body;
    auto preimage = std::string(boost::json::parse(paid.body).at("preimage").as_string());
    return "L402 " + std::string(body.at("macaroon").as_string()) + ":" + preimage;
  }
  std::string pay(const net::HttpResponse& challenge) { return pay_at(*server_, challenge); }

  std::string metrics() { return get("/metrics").body; }
  double metric(std::string_view series) { return metric_value(metrics(), series); }

  std::filesystem::path dir_;
  std::unique_ptr<L402dProcess> server_;

 private:
  std::vector<std::unique_ptr<L402dProcess>> others_;
  std::vector<std::filesystem::path> cleanup_;
};

}  // namespace l402d::testing
