// The Core Lightning backend against a local HTTPS server answering as
// clnrest does (POST /v1/<method>, Rune header, 201 with the RPC result, 500
// with the RPC error; shapes from doc/schemas), its CA in tls_ca_path. The
// fake keeps invoices and pays them on demand; its waitanyinvoice holds the
// answer up to 50 ms (the real one: the timeout asked for) and answers 904
// when nothing was paid.

#include "lightning/cln_backend.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <mutex>

#include "lightning/node_check.hpp"
#include "net/local_server.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

namespace json = boost::json;
using net::testing::LocalServer;
using namespace std::chrono_literals;

const std::string kRune = "tU-RLjMiDpY2U0o_J1BvIZtxiPh9XpOjCcGHzu1BvUzxMCZtZXRob2Q9aW52b2ljZQ==";
constexpr std::int64_t kNow = 1'800'000'000;

struct FakeInvoice {
  std::string label;
  Hash32 preimage{};
  Hash32 hash{};
  std::uint64_t amount_msat = 0;
  std::int64_t expires_at = 0;
  std::uint64_t pay_index = 0;  // 0: unpaid
};

// What clnrest and lightningd would answer, for the calls the backend makes.
class FakeCln {
 public:
  void set_network(std::string name) {
    std::lock_guard lock(mutex_);
    network_ = std::move(name);
  }
  // The next `invoice` fails with this RPC error.
  void refuse_next_invoice(std::int64_t code, std::string message) {
    std::lock_guard lock(mutex_);
    refusal_ = {code, std::move(message)};
  }

  LocalServer::Response answer(const LocalServer::Request& req) {
    const auto rune = std::string(req["Rune"]);
    if (rune.empty()) return error(req, 403, 1501, "Not authorized: Missing rune");
    if (rune != kRune)  // echoes what it got, as APIs sometimes do
      return error(req, 401, 1502, "Rune is not valid: " + rune);
    const auto target = std::string(req.target());
    const auto params = json::parse(req.body()).as_object();
    std::unique_lock lock(mutex_);
    ++calls_[target];
    if (target == "/v1/getinfo") return getinfo(req);
    if (target == "/v1/invoice") return invoice(req, params);
    if (target == "/v1/listinvoices") return listinvoices(req, params);
    if (target == "/v1/waitanyinvoice") return waitanyinvoice(req, params, lock);
    return error(req, 404, -32601, "Unknown command");
  }

  // Pays an invoice: the next pay_index, and wakes a waiting waitanyinvoice.
  void pay(const Hash32& hash) {
    std::lock_guard lock(mutex_);
    for (auto& [label, inv] : invoices_) {
      if (inv.hash == hash) inv.pay_index = ++pay_index_;
    }
    paid_.notify_all();
  }
  // Invoices paid before the backend started.
  void history(int paid) {
    std::lock_guard lock(mutex_);
    for (int i = 0; i < paid; ++i) {
      FakeInvoice inv;
      inv.label = "old-" + std::to_string(i);
      inv.preimage = sha256(inv.label);
      inv.hash = sha256(ByteView(inv.preimage));
      inv.amount_msat = 1000;
      inv.expires_at = kNow + 3600;
      inv.pay_index = ++pay_index_;
      invoices_[inv.label] = inv;
    }
  }
  std::vector<json::object> waits() const {
    std::lock_guard lock(mutex_);
    return waits_;
  }
  int calls(const std::string& target) const {
    std::lock_guard lock(mutex_);
    auto it = calls_.find(target);
    return it == calls_.end() ? 0 : it->second;
  }
  std::vector<std::string> labels() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [label, inv] : invoices_)
      out.push_back(label);
    return out;
  }

 private:
  static LocalServer::Response error(const LocalServer::Request& req, unsigned status,
                                     std::int64_t code, const std::string& message) {
    return LocalServer::reply(
        req, status,
        json::serialize(json::object{{"code", code}, {"message", message}, {"data", nullptr}}));
  }

  LocalServer::Response getinfo(const LocalServer::Request& req) {
    return LocalServer::reply(
        req, 201,
        R"({"id": "033845802d25b4e074ccfd7cd8b339a41dc75bf9978a034800444b51d42b07799a", "alias": "SILENTARTIST-v26.09", "color": "033845", "num_peers": 0, "version": "v26.09", "blockheight": 114, "network": ")" +
            network_ + R"(", "fees_collected_msat": 0})");
  }

  LocalServer::Response invoice(const LocalServer::Request& req, const json::object& p) {
    if (refusal_) {
      auto [code, message] = *refusal_;
      refusal_.reset();
      return error(req, 500, code, message);
    }
    FakeInvoice inv;
    inv.label = std::string(p.at("label").as_string());
    if (invoices_.count(inv.label))
      return error(req, 500, 900, "Duplicate label '" + inv.label + "'");
    inv.amount_msat = p.at("amount_msat").to_number<std::uint64_t>();
    inv.preimage = sha256(inv.label);
    inv.hash = sha256(ByteView(inv.preimage));
    inv.expires_at = kNow + p.at("expiry").to_number<std::int64_t>();
    invoices_[inv.label] = inv;
    return LocalServer::reply(
        req, 201,
        json::serialize(json::object{{"payment_hash", to_hex(ByteView(inv.hash))},
                                     {"expires_at", inv.expires_at},
                                     {"bolt11", "lnbcrt210n1pfake" + inv.label},
                                     {"payment_secret", std::string(64, '2')},
                                     {"created_index", invoices_.size()}}));
  }

  static json::object entry(const FakeInvoice& inv) {
    json::object o{{"label", inv.label},
                   {"bolt11", "lnbcrt210n1pfake" + inv.label},
                   {"payment_hash", to_hex(ByteView(inv.hash))},
                   {"amount_msat", inv.amount_msat},
                   {"status", inv.pay_index ? "paid" : "unpaid"},
                   {"description", "L402 vision"},
                   {"expires_at", inv.expires_at},
                   {"created_index", 1}};
    if (inv.pay_index) {
      o["pay_index"] = inv.pay_index;
      o["amount_received_msat"] = inv.amount_msat;
      o["paid_at"] = kNow + 5;
      o["payment_preimage"] = to_hex(ByteView(inv.preimage));
    }
    return o;
  }

  LocalServer::Response listinvoices(const LocalServer::Request& req, const json::object& p) {
    json::array list;
    for (const auto& [label, inv] : invoices_) {
      if (to_hex(ByteView(inv.hash)) == p.at("payment_hash").as_string())
        list.push_back(entry(inv));
    }
    return LocalServer::reply(req, 201, json::serialize(json::object{{"invoices", list}}));
  }

  const FakeInvoice* paid_after(std::uint64_t index) const {
    const FakeInvoice* next = nullptr;
    for (const auto& [label, inv] : invoices_) {
      if (inv.pay_index > index && (!next || inv.pay_index < next->pay_index)) next = &inv;
    }
    return next;
  }

  LocalServer::Response waitanyinvoice(const LocalServer::Request& req, const json::object& p,
                                       std::unique_lock<std::mutex>& lock) {
    waits_.push_back(p);
    const auto last = p.at("lastpay_index").to_number<std::uint64_t>();
    const auto timeout = p.at("timeout").to_number<std::uint64_t>();
    if (timeout > 0) paid_.wait_for(lock, 50ms, [&] { return paid_after(last) != nullptr; });
    if (const auto* inv = paid_after(last))
      return LocalServer::reply(req, 201, json::serialize(entry(*inv)));
    return error(req, 500, 904, "Timed out while waiting for invoice to be paid");
  }

  mutable std::mutex mutex_;
  std::string network_ = "regtest";
  std::optional<std::pair<std::int64_t, std::string>> refusal_;
  std::condition_variable paid_;
  std::map<std::string, FakeInvoice> invoices_;
  std::uint64_t pay_index_ = 0;
  std::vector<json::object> waits_;
  std::map<std::string, int> calls_;
};

class ClnBackendTest : public ::testing::Test {
 protected:
  net::testing::TempDir dir;
  net::testing::TestCert cert = net::testing::make_test_cert(dir.path(), "ca");
  FakeCln cln;
  LocalServer server{[this](const LocalServer::Request& req) { return cln.answer(req); }, cert};

  ClnConfig config(const std::string& rune = kRune) {
    auto path = dir.path() / "rune";
    std::ofstream(path, std::ios::trunc) << rune << "\n";
    ::chmod(path.c_str(), 0600);
    ClnConfig c;
    c.host = server.url("");
    if (c.host.back() == '/') c.host.pop_back();
    c.rune_path = path;
    c.tls_ca_path = cert.cert_file;
    c.timeout = 5s;
    return c;
  }
  static std::function<std::int64_t()> clock(std::int64_t now = kNow + 10) {
    return [now] { return now; };
  }
};

TEST_F(ClnBackendTest, MakesInvoicesUnderFreshLabelsAndLooksThemUp) {
  ClnBackend node(config(), clock());
  auto info = check_node(node, bolt11::Network::regtest);
  EXPECT_EQ(info.alias, "SILENTARTIST-v26.09");
  CreateInvoiceRequest request{21'000, "L402 vision", 600};
  auto a = run_blocking(node.async_create_invoice(request));
  auto b = run_blocking(node.async_create_invoice(request));
  EXPECT_EQ(a.expires_at, kNow + 600);
  EXPECT_NE(a.payment_hash, b.payment_hash);
  auto labels = cln.labels();
  ASSERT_EQ(labels.size(), 2u);
  for (const auto& label : labels) {
    EXPECT_TRUE(label.starts_with("l402-")) << label;
    EXPECT_EQ(label.size(), 5u + 16u) << label;
  }
  auto open = run_blocking(node.async_lookup_invoice(a.payment_hash));
  ASSERT_TRUE(open);
  EXPECT_EQ(open->state, InvoiceState::open);
  EXPECT_EQ(open->amount_msat, 21'000u);
  cln.pay(a.payment_hash);
  auto paid = run_blocking(node.async_lookup_invoice(a.payment_hash));
  ASSERT_TRUE(paid);
  EXPECT_EQ(paid->state, InvoiceState::settled);
  ASSERT_TRUE(paid->preimage);
  EXPECT_EQ(sha256(ByteView(*paid->preimage)), a.payment_hash);
  EXPECT_FALSE(run_blocking(node.async_lookup_invoice(Hash32{})));
}

TEST_F(ClnBackendTest, AnUnpaidInvoicePastItsExpiryIsExpired) {
  ClnBackend node(config(), clock(kNow + 601));
  CreateInvoiceRequest request{21'000, "L402 vision", 600};
  auto created = run_blocking(node.async_create_invoice(request));
  EXPECT_EQ(run_blocking(node.async_lookup_invoice(created.payment_hash))->state,
            InvoiceState::expired);
}

TEST_F(ClnBackendTest, APaymentWakesAWaiterThroughWaitanyinvoice) {
  ClnBackend node(config(), clock());
  CreateInvoiceRequest request{21'000, "L402 vision", 600};
  auto created = run_blocking(node.async_create_invoice(request));
  auto waiting = std::async(std::launch::async, [&] {
    return run_blocking(node.async_wait_invoice(created.payment_hash, 20s));
  });
  // The waiter's own lookup, then nothing until the push (rechecks are 5 s apart).
  while (cln.calls("/v1/listinvoices") < 1)
    std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(100ms);
  const auto paid_at = std::chrono::steady_clock::now();
  cln.pay(created.payment_hash);
  ASSERT_EQ(waiting.wait_for(3s), std::future_status::ready) << "not woken by waitanyinvoice";
  EXPECT_LT(std::chrono::steady_clock::now() - paid_at, 2s);
  auto status = waiting.get();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::settled);
  EXPECT_EQ(sha256(ByteView(*status->preimage)), created.payment_hash);
  EXPECT_EQ(cln.calls("/v1/listinvoices"), 1);
}

TEST_F(ClnBackendTest, StartsAfterTheNodesCurrentPayIndex) {
  cln.history(37);
  ClnBackend node(config(), clock());
  // Wait for the first long poll (a timeout other than 0).
  std::optional<json::object> poll;
  for (int i = 0; i < 400 && !poll; ++i) {
    for (const auto& w : cln.waits()) {
      if (w.at("timeout").to_number<std::uint64_t>() > 0) {
        poll = w;
        break;
      }
    }
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(poll);
  EXPECT_EQ(poll->at("lastpay_index").to_number<std::uint64_t>(), 37u);
  EXPECT_EQ(poll->at("timeout").to_number<std::uint64_t>(),
            static_cast<std::uint64_t>(ClnBackend::kLongPoll.count()));
  // Found by probing, not by replaying 37 payments one call each.
  int probes = 0;
  for (const auto& w : cln.waits())
    probes += w.at("timeout").to_number<std::uint64_t>() == 0;
  EXPECT_LE(probes, 14);
}

TEST_F(ClnBackendTest, ANodeOnAnotherNetworkIsRefused) {
  cln.set_network("bitcoin");
  ClnBackend node(config());
  try {
    check_node(node, bolt11::Network::regtest);
    FAIL() << "started against a mainnet node";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::wrong_network);
    EXPECT_NE(std::string(e.what()).find("mainnet"), std::string::npos) << e.what();
  }
}

TEST_F(ClnBackendTest, AWrongRuneIsUnauthorizedAndNeverInTheMessage) {
  const std::string wrong = "c2VjcmV0LXJ1bmUtdGhhdC1pcy13cm9uZw==";
  ClnBackend node(config(wrong));
  try {
    run_blocking(node.async_node_info());
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unauthorized);
    EXPECT_NE(std::string(e.what()).find("Rune is not valid"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find(wrong), std::string::npos) << e.what();
  }
}

TEST_F(ClnBackendTest, TheRuneMayComeFromTheEnvironment) {
  auto c = config("not-this-one");
  // Set and unset while no thread of ours may read the environment.
  ::setenv("L402D_CLN_RUNE", kRune.c_str(), 1);
  {
    ClnBackend node(c);
    EXPECT_EQ(run_blocking(node.async_node_info()).version, "v26.09");
  }
  ::unsetenv("L402D_CLN_RUNE");
}

TEST_F(ClnBackendTest, NodeErrorsKeepTheNodesTextAndMeaning) {
  ClnBackend node(config());
  CreateInvoiceRequest request{21'000, "L402 vision", 600};
  cln.refuse_next_invoice(-32602, "amount_msat|msatoshi: should be positive msat or 'any'");
  try {
    run_blocking(node.async_create_invoice(request));
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::rejected);
    EXPECT_NE(std::string(e.what()).find("should be positive msat"), std::string::npos) << e.what();
  }
  cln.refuse_next_invoice(-1, "lightningd is shutting down");
  try {
    run_blocking(node.async_create_invoice(request));
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unavailable);
    EXPECT_NE(std::string(e.what()).find("shutting down"), std::string::npos) << e.what();
  }
  CreateInvoiceRequest too_long{21'000, std::string(640, 'x'), 600};
  EXPECT_THROW(run_blocking(node.async_create_invoice(too_long)), BackendError);
  CreateInvoiceRequest zero{0, "x", 600};
  EXPECT_THROW(run_blocking(node.async_create_invoice(zero)), BackendError);
}

TEST_F(ClnBackendTest, OnlyTheConfiguredCaIsTrusted) {
  auto c = config();
  c.tls_ca_path = net::testing::make_test_cert(dir.path(), "other").cert_file;
  ClnBackend node(c);
  try {
    run_blocking(node.async_node_info());
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unavailable);
  }
}

TEST_F(ClnBackendTest, NobodyListeningIsUnavailable) {
  auto c = config();
  c.host = "https://127.0.0.1:1";
  ClnBackend node(c);
  try {
    run_blocking(node.async_node_info());
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unavailable);
  }
}

}  // namespace
}  // namespace l402d::lightning
