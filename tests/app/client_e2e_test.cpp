// The buyer's CLI against the real server: `l402 fetch` runs the whole seed
// flow (request, 402, pay with the dev wallet, repeat) in one command.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/l402d_process.hpp"
#include "util/base64.hpp"

namespace l402d {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class ClientEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("l402d-client-e2e-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_);
    server_ = std::make_unique<testing::L402dProcess>(L402D_BINARY, base_ / "server");
    request_ = (base_ / "request.json").string();
    std::ifstream in(std::string(L402D_TEST_DATA) + "/vision/coffee.jpg", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string raw = ss.str();
    std::string b64 = base64_encode(as_bytes(raw));
    std::ofstream(request_) << json::serialize(json::object{
        {"image", b64}, {"prompt", "What colours are in this image?"}, {"model", "Vision Chat"}});
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(base_);
  }

  CliRun run_l402(const std::string& args) {
    auto out = base_ / "out.txt";
    auto err = base_ / "err.txt";
    std::string cmd = std::string(L402_BINARY) + " " + args + " --home " +
                      (base_ / "home").string() + " >" + out.string() + " 2>" + err.string();
    CliRun r;
    int status = std::system(cmd.c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream o(out), e(err);
    std::stringstream so, se;
    so << o.rdbuf();
    se << e.rdbuf();
    r.out = so.str();
    r.err = se.str();
    return r;
  }

  std::string url() const { return server_->url("/api/l402/vision"); }

  // Whether the client's token cache holds a credential paid but not yet
  // accepted by the server.
  bool cache_has_paid_credential() const {
    std::ifstream in(base_ / "home" / "tokens.json");
    std::stringstream ss;
    ss << in.rdbuf();
    boost::system::error_code ec;
    auto v = json::parse(ss.str(), ec);
    if (ec || !v.is_object()) return false;
    const auto* tokens = v.as_object().if_contains("tokens");
    if (!tokens || !tokens->is_array()) return false;
    for (const auto& t : tokens->as_array()) {
      const auto* state = t.as_object().if_contains("state");
      if (state && state->is_string() && state->as_string() == "paid") return true;
    }
    return false;
  }

  std::size_t payments() const {
    std::size_t n = 0;
    const std::string log = server_->log();
    for (auto at = log.find("POST /dev/pay 200"); at != std::string::npos;
         at = log.find("POST /dev/pay 200", at + 1))
      ++n;
    return n;
  }

  fs::path base_;
  std::string request_;
  std::unique_ptr<testing::L402dProcess> server_;
};

TEST_F(ClientEndToEnd, FetchPaysAndGetsTheAnswer) {
  auto r = run_l402("fetch -s -d @" + request_ + " " + url());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto content = std::string(json::parse(r.out).at("content").as_string());
  EXPECT_FALSE(content.empty());
  // Nothing secret on stderr.
  EXPECT_EQ(r.err.find("L402 AgE"), std::string::npos);
}

// The server's other dialects: with L402 off, `l402 fetch` pays the MPP
// Lightning charge; with L402 and MPP off, the x402 Lightning offer. Each pays
// once, gets the answer and keeps the credential as a receipt of its rail.
TEST_F(ClientEndToEnd, FetchPaysMppAndX402WhenL402IsOff) {
  for (const auto& [rails, rail] :
       {std::pair{"l402 = false", "mpp"}, std::pair{"l402 = false\nmpp = false", "x402"}}) {
    SCOPED_TRACE(rail);
    server_.reset();
    fs::remove_all(base_ / "home");
    const auto config = base_ / (std::string(rail) + ".toml");
    std::ofstream(config) << "[rails]\n" << rails << "\n";
    server_ = std::make_unique<testing::L402dProcess>(
        L402D_BINARY, base_ / ("server-" + std::string(rail)),
        std::vector<std::string>{"--config", config.string()});
    auto r = run_l402("fetch -s -d @" + request_ + " " + url());
    ASSERT_EQ(r.exit_code, 0) << r.err << server_->log();
    EXPECT_FALSE(json::parse(r.out).at("content").as_string().empty());
    EXPECT_EQ(payments(), 1U);
    auto list = run_l402("tokens list --json");
    ASSERT_EQ(list.exit_code, 0) << list.err;
    EXPECT_NE(list.out.find(std::string("\"rail\":\"") + rail + "\""), std::string::npos)
        << list.out;
    EXPECT_NE(list.out.find("\"used\""), std::string::npos) << list.out;
  }
}

TEST_F(ClientEndToEnd, DryRunShowsThePriceAndPaysNothing) {
  auto r = run_l402("fetch --dry-run -d @" + request_ + " " + url());
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_NE((r.out + r.err).find("10"), std::string::npos);
  EXPECT_EQ(server_->log().find("POST /dev/pay 200"), std::string::npos);
}

TEST_F(ClientEndToEnd, OverBudgetInvoiceIsRefusedBeforePaying) {
  auto r = run_l402("fetch --max-sats 5 -d @" + request_ + " " + url());
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_EQ(server_->log().find("POST /dev/pay 200"), std::string::npos);
}

TEST_F(ClientEndToEnd, FetchesASongAndDownloadsTheAudio) {
  auto song = (base_ / "song.json").string();
  std::ofstream(song)
      << R"({"prompt":"upbeat pop song about summer vibes","lyrics":"Walking on the beach, sun is shining bright, every day feels right","model":"Music Generation","sample_rate":44100,"bitrate":256000,"audio_format":"mp3"})";
  auto downloads = base_ / "downloads";
  fs::create_directories(downloads);
  auto r = run_l402("fetch -s --download --download-dir " + downloads.string() + " -d @" + song +
                    " " + server_->url("/api/l402/music"));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  auto url = std::string(json::parse(r.out).at("audioUrl").as_string());
  EXPECT_EQ(url.rfind(server_->url("/media/"), 0), 0U) << url;
  std::size_t files = 0;
  std::uintmax_t bytes = 0;
  for (const auto& e : fs::directory_iterator(downloads)) {
    ++files;
    bytes = fs::file_size(e.path());
  }
  EXPECT_EQ(files, 1U);
  EXPECT_GT(bytes, 100'000U);  // a minute of 256 kbps mp3 is about 2 MB
}

TEST_F(ClientEndToEnd, ACrashBetweenPayingAndRetryingResumesWithoutPayingTwice) {
  auto song = (base_ / "song.json").string();
  std::ofstream(song)
      << R"({"prompt":"slow sad piano ballad","lyrics":"[Verse]\nRain on the window, candles burning low\nI keep your letters where the cold winds blow\n[Chorus]\nStay with me, stay with me tonight","model":"Music Generation"})";
  const auto out = base_ / "first.out";
  const std::string home = (base_ / "home").string();
  const std::string target = server_->url("/api/l402/music");
  const pid_t pid = testing::spawn(
      {L402_BINARY, "fetch", "-s", "-d", "@" + song, target, "--home", home}, out, "/dev/null");

  // The client pays, records the credential as paid, and repeats the request;
  // the song takes seconds to render. Crash it in that window.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!cache_has_paid_credential() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the client finished before it could be crashed";
  EXPECT_EQ(fs::file_size(out), 0U) << "the answer was already written";
  ASSERT_EQ(payments(), 1U) << server_->log();

  // Run again: the paid credential is used, nothing is paid a second time.
  auto r = run_l402("fetch -s -d @" + song + " " + target);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  auto url = std::string(json::parse(r.out).at("audioUrl").as_string());
  EXPECT_EQ(url.rfind(server_->url("/media/"), 0), 0U) << url;
  EXPECT_EQ(payments(), 1U) << server_->log();
  EXPECT_FALSE(cache_has_paid_credential());
}

}  // namespace
}  // namespace l402d
