// The seller's Lightning node failing under a running l402d, through the real
// binaries: lnsim (tests/lnsim) plays LND, Core Lightning, LNbits or phoenixd
// and, on its control port, goes offline, answers garbage or hangs up mid-call.
// For each backend and fault, l402d must refuse new challenges quickly with a
// listed 503 and Retry-After, stay up and keep its secrets out of its log,
// still honour a credential paid before the fault (L402 checks the preimage
// locally, so the node is not needed), and sell again once the node is back,
// its invoice stream or poll included.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "net/http_client.hpp"
#include "support/e2e_fixture.hpp"
#include "support/lnsim_process.hpp"
#include "support/temp_dir.hpp"
#include "util/hex.hpp"

namespace l402d::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

struct Case {
  Case(std::string b, std::string f) : backend(std::move(b)), fault(std::move(f)) {}
  std::string backend;
  std::string fault;  // offline, garbage, hangup
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.backend << " " << c.fault;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return info.param.backend + "_" + info.param.fault;
}

// A paid credential and what proves it.
struct Credential {
  std::string authorization;
  std::string preimage;
};

class LightningFaults : public EndToEndTest, public ::testing::WithParamInterface<Case> {
 protected:
  TempDir sim_dir{"l402d-lnfaults"};
  LnsimProcess lnsim{LNSIM_BINARY, sim_dir.path() / "sim"};
  std::vector<std::string> secrets;  // what must never reach l402d's log

  std::string field(const char* api, const char* key) const { return lnsim.field(api, key); }

  fs::path secret_file(const std::string& name, const std::string& content) const {
    auto path = sim_dir.path() / name;
    std::ofstream(path) << content;
    ::chmod(path.c_str(), 0600);
    return path;
  }

  // [lightning.X] with the least each backend needs, as an operator would
  // configure it (see lightning_matrix_e2e_test.cpp); notes the secrets.
  std::string seller_config(const std::string& backend) {
    std::ostringstream t;
    t << "[lightning]\nbackend = \"" << backend << "\"\nnetwork = \"regtest\"\n";
    t << "[lightning." << backend << "]\n";
    if (backend == "lnd") {
      const auto macaroon = LnsimProcess::slurp(field("lnd", "invoice_macaroon"));
      secrets.push_back(to_hex(as_bytes(macaroon)));
      t << "host = \"" << field("lnd", "url") << "\"\nmacaroon_path = \""
        << field("lnd", "invoice_macaroon") << "\"\ntls_cert_path = \"" << field("lnd", "tls_cert")
        << "\"\n";
    } else if (backend == "cln") {
      secrets.push_back(LnsimProcess::slurp(field("cln", "invoice_rune")));
      t << "host = \"" << field("cln", "url") << "\"\nrune_path = \""
        << field("cln", "invoice_rune") << "\"\ntls_ca_path = \"" << field("cln", "ca_cert")
        << "\"\n";
    } else if (backend == "lnbits") {
      auto keys = json::parse(LnsimProcess::slurp(field("lnbits", "keys"))).as_object();
      const std::string key(keys.at("invoice_key").as_string());
      secrets.push_back(key);
      secrets.emplace_back(keys.at("admin_key").as_string());
      t << "host = \"" << field("lnbits", "url") << "\"\napi_key_path = \""
        << secret_file("seller-lnbits.key", key).string() << "\"\n";
    } else if (backend == "phoenixd") {
      std::istringstream conf(LnsimProcess::slurp(field("phoenixd", "conf")));
      for (std::string line; std::getline(conf, line);) {
        const auto eq = line.find('=');
        if (eq != std::string::npos && eq + 1 < line.size()) secrets.push_back(line.substr(eq + 1));
      }
      t << "host = \"" << field("phoenixd", "url") << "\"\npassword_path = \""
        << field("phoenixd", "conf") << "\"\n";
    }
    for (const auto& s : secrets)
      EXPECT_GE(s.size(), 16u) << "a secret too short to look for";
    return t.str();
  }

  net::HttpResponse control(const std::string& path, const json::object& body) {
    net::HttpRequest r;
    r.method = "POST";
    r.url = field("control", "url") + path;
    r.body = json::serialize(body);
    r.headers = {{"Content-Type", "application/json"}};
    return net::perform(r);
  }

  void set_fault(const std::string& fault, bool on) {
    const std::string& api = GetParam().backend;
    auto r = fault == "offline"
                 ? control("/control/offline", {{"api", api}, {"offline", on}})
                 : control("/control/fault", {{"api", api}, {"fault", on ? fault : "none"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // A challenge for the vision service, with a bound on how long it may take:
  // a node that hangs must not hold the buyer.
  net::HttpResponse challenge(std::chrono::milliseconds& took) {
    net::HttpRequest r;
    r.method = "POST";
    r.url = server_->url("/api/l402/vision");
    r.body = request_body;
    r.headers = {{"Content-Type", "application/json"}};
    r.timeout = std::chrono::seconds(30);
    const auto start = Clock::now();
    auto res = net::perform(r);
    took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return res;
  }

  // Pays a 402's invoice from lnsim's outside wallet.
  Credential pay(const net::HttpResponse& challenge) {
    auto body = json::parse(challenge.body).as_object();
    auto paid = control("/control/pay", {{"bolt11", body.at("invoice")}});
    EXPECT_EQ(paid.status, 200) << paid.body;
    Credential c;
    c.preimage = std::string(json::parse(paid.body).at("preimage").as_string());
    c.authorization = "L402 " + std::string(body.at("macaroon").as_string()) + ":" + c.preimage;
    return c;
  }

  void expect_redeems(const Credential& c, const char* when) {
    auto r = post("/api/l402/vision", request_body, c.authorization);
    ASSERT_EQ(r.status, 200) << when << ": " << r.body << "\n" << server_->log();
    EXPECT_FALSE(json::parse(r.body).at("content").as_string().empty()) << r.body;
  }

  void expect_alive() {
    EXPECT_EQ(::waitpid(server_->pid(), nullptr, WNOHANG), 0) << "l402d exited";
    EXPECT_EQ(get("/healthz").status, 200);
  }

  std::set<std::string> listed_codes() {
    auto r = get("/api/error-codes");
    EXPECT_EQ(r.status, 200);
    std::set<std::string> codes;
    // Named: a range-for keeps only the last temporary of its expression alive.
    const json::value listed = json::parse(r.body);
    for (const auto& c : listed.at("codes").as_array())
      codes.emplace(c.at("code").as_string());
    return codes;
  }

  // The backend's notification channel (LND's invoice stream, CLN's
  // waitanyinvoice, the LNbits and phoenixd WebSockets) as lnsim sees it.
  bool channel_open(std::chrono::seconds within) {
    const auto deadline = Clock::now() + within;
    for (;;) {
      net::HttpRequest r;
      r.url = field("control", "url") + "/control/nodes";
      const json::value nodes = json::parse(net::perform(r).body);
      if (nodes.at(GetParam().backend).at("held").as_int64() >= 1) return true;
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  const std::string request_body = image_request("What colours are in this image?", "coffee.jpg");
};

TEST_P(LightningFaults, RefusesNewChallengesKeepsPaidOnesAndRecovers) {
  const auto& [backend, fault] = GetParam();
  start_with_config(seller_config(backend));
  const auto codes = listed_codes();

  std::chrono::milliseconds took{};
  auto before = challenge(took);
  ASSERT_EQ(before.status, 402) << before.body << "\n" << server_->log();
  const Credential paid_before = pay(before);
  ASSERT_TRUE(channel_open(std::chrono::seconds(10))) << server_->log();

  set_fault(fault, true);
  for (int i = 0; i < 2; ++i) {  // the second after any reconnecting has begun
    auto r = challenge(took);
    EXPECT_LT(took, std::chrono::seconds(15)) << fault;
    ASSERT_EQ(r.status, 503) << r.body << "\n" << server_->log();
    EXPECT_EQ(r.header("retry-after"), "10");
    auto error = json::parse(r.body).at("error").as_object();
    const std::string code(error.at("code").as_string());
    EXPECT_EQ(code, "lightning_unavailable");
    EXPECT_TRUE(codes.count(code)) << code << " is not in /api/error-codes";
    EXPECT_FALSE(error.at("message").as_string().empty());
  }
  expect_alive();
  // Paid before the fault: the preimage proves it without asking the node.
  expect_redeems(paid_before, "during the fault");

  set_fault(fault, false);
  // The node is back: a new invoice, waited on through the settlement
  // endpoint before it is paid. Waiters also look the invoice up every 5 s
  // (lightning/pushed_wait.hpp), so the settlement must arrive well before
  // that to show the notification channel itself reconnected; it retries
  // after 1 s, then 2, 4, ... (push_channel.hpp).
  auto after = challenge(took);
  for (int i = 0; i < 50 && after.status == 503; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = challenge(took);
  }
  ASSERT_EQ(after.status, 402) << after.body << "\n" << server_->log();
  ASSERT_TRUE(channel_open(std::chrono::seconds(15))) << server_->log();
  const std::string macaroon(json::parse(after.body).at("macaroon").as_string());
  auto settled = std::async(std::launch::async, [&] {
    return post("/l402/settlement",
                json::serialize(json::object{{"macaroon", macaroon}, {"wait_seconds", 20}}));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto paid_at = Clock::now();
  const Credential paid_after = pay(after);
  auto s = settled.get();
  EXPECT_LT(Clock::now() - paid_at, std::chrono::seconds(3)) << "seen by a recheck, not pushed";
  ASSERT_EQ(s.status, 200) << s.body << "\n" << server_->log();
  EXPECT_EQ(json::parse(s.body).at("preimage").as_string(), paid_after.preimage);
  expect_redeems(paid_after, "after the fault");

  expect_alive();
  const std::string log = server_->log();
  for (const auto& secret : secrets)
    EXPECT_EQ(log.find(secret), std::string::npos) << "a credential of the node is in the log";
  for (const auto& preimage : {paid_before.preimage, paid_after.preimage})
    EXPECT_EQ(log.find(preimage), std::string::npos) << "a preimage is in the log";
  // The node's garbage is quoted in warnings, but as text: no line it did not
  // start (each begins with spdlog's "[date"), no control or stray bytes.
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(line.starts_with("[20")) << "a forged log line: " << line;
    for (const char c : line) {
      const auto byte = static_cast<unsigned char>(c);
      EXPECT_TRUE(byte >= 0x20 && byte != 0x7f && byte != 0xff && byte != 0xfe)
          << "byte " << int(byte) << " in: " << line;
    }
  }
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const char* backend : {"lnd", "cln", "lnbits", "phoenixd"}) {
    for (const char* fault : {"offline", "garbage", "hangup"})
      cases.emplace_back(backend, fault);
  }
  return cases;
}

// No prefix: the tests are named LightningFaults.X/lnd_garbage, so that
// `ctest -R e2e.LightningFaults` finds them.
INSTANTIATE_TEST_SUITE_P(, LightningFaults, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace l402d::testing
