// The LNbits backend against a local server answering as LNbits v1.5 does
// (payment_api.py, wallet_api.py, decorators.py: X-Api-Key, 201 with a
// Payment, FastAPI's {"detail"} errors) and pushing payments on the wallet
// websocket /api/v1/ws/<invoice key> as notifications.py does.

#include "lightning/lnbits_backend.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <future>
#include <map>
#include <mutex>

#include "lightning/backend_factory.hpp"
#include "lightning/node_check.hpp"
#include "net/test_cert.hpp"
#include "push_server.hpp"
#include "store/store.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

namespace json = boost::json;
using testing::PushServer;
using namespace std::chrono_literals;

const std::string kKey = "4ab1c5a8e6f04d8b9c1e2f3a4b5c6d7e";  // an invoice/read key
constexpr std::int64_t kNow = 1'800'000'000;

struct FakePayment {
  Hash32 preimage{};
  Hash32 hash{};
  std::uint64_t amount_msat = 0;
  std::int64_t expires_at = 0;
  bool paid = false;
};

class FakeLnbits {
 public:
  void set_prefix(std::string prefix) {
    std::lock_guard lock(mutex_);
    prefix_ = std::move(prefix);
  }
  void refuse_next_create(unsigned status, std::string body) {
    std::lock_guard lock(mutex_);
    refusal_ = {status, std::move(body)};
  }
  // Marks it paid; the websocket message is the caller's to push.
  std::string pay(const Hash32& hash) {
    std::lock_guard lock(mutex_);
    auto& p = payments_.at(to_hex(ByteView(hash)));
    p.paid = true;
    return json::serialize(json::object{{"wallet_balance", 21}, {"payment", payment(p)}});
  }
  int lookups(const Hash32& hash) const {
    std::lock_guard lock(mutex_);
    auto it = lookups_.find(to_hex(ByteView(hash)));
    return it == lookups_.end() ? 0 : it->second;
  }
  std::vector<std::string> upgrades() const {
    std::lock_guard lock(mutex_);
    return upgrades_;
  }

  PushServer::Response answer(const PushServer::Request& req) {
    std::lock_guard lock(mutex_);
    const auto target = std::string(req.target());
    if (target.starts_with("/api/v1/ws/")) {
      upgrades_.push_back(target);
      return PushServer::reply(req, 101, "");  // LNbits does not check the id
    }
    const auto key = std::string(req["X-Api-Key"]);
    if (target.starts_with("/api/v1/payments/")) return lookup(req, target.substr(17), key);
    if (key.empty()) return detail(req, 401, "No Api Key provided.");
    if (key != kKey) return detail(req, 404, "Wallet not found.");
    if (target == "/api/v1/wallet")
      return PushServer::reply(req, 200, R"({"name": "l402 sales", "balance": 1250000})");
    if (target == "/api/v1/payments" && req.method_string() == "POST") return create(req);
    return detail(req, 404, "Not Found");
  }

 private:
  static PushServer::Response detail(const PushServer::Request& req, unsigned status,
                                     const std::string& text) {
    return PushServer::reply(req, status, json::serialize(json::object{{"detail", text}}));
  }

  static std::string iso(std::int64_t unix) {
    // Enough for the test's dates: 2027-01-15 plus seconds within the day.
    const auto s = unix - 1'800'000'000 + 8 * 3600;
    char buf[64];
    std::snprintf(buf, sizeof buf, "2027-01-15T%02lld:%02lld:%02lld+00:00",
                  static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                  static_cast<long long>(s % 60));
    return buf;
  }

  json::object payment(const FakePayment& p) const {
    const auto hash = to_hex(ByteView(p.hash));
    const auto bolt11 = prefix_ + "210n1pfake" + hash.substr(0, 8);
    return json::object{{"checking_id", hash},
                        {"payment_hash", hash},
                        {"wallet_id", "b5a5b5c4d3e2f1a0"},
                        {"amount", p.amount_msat},
                        {"fee", 0},
                        {"bolt11", bolt11},
                        {"payment_request", bolt11},
                        {"status", p.paid ? "success" : "pending"},
                        {"memo", "L402 vision"},
                        {"expiry", iso(p.expires_at)},
                        {"preimage", to_hex(ByteView(p.preimage))},
                        {"time", iso(kNow)},
                        {"created_at", iso(kNow)},
                        {"updated_at", iso(kNow + 100)},
                        {"labels", json::array()},
                        {"extra", json::object()}};
  }

  PushServer::Response create(const PushServer::Request& req) {
    if (refusal_) {
      auto [status, body] = *refusal_;
      refusal_.reset();
      return PushServer::reply(req, status, body);
    }
    const auto body = json::parse(req.body()).as_object();
    if (body.at("out").as_bool()) return detail(req, 403, "Invoice (or Admin) key required.");
    if (body.at("unit") != "sat") return detail(req, 400, "unit");
    FakePayment p;
    p.amount_msat = body.at("amount").to_number<std::uint64_t>() * 1000;
    p.preimage = sha256(std::to_string(payments_.size()) + "preimage");
    p.hash = sha256(ByteView(p.preimage));
    p.expires_at = kNow + body.at("expiry").to_number<std::int64_t>();
    payments_[to_hex(ByteView(p.hash))] = p;
    return PushServer::reply(req, 201, json::serialize(payment(p)));
  }

  PushServer::Response lookup(const PushServer::Request& req, const std::string& hash,
                              const std::string& key) {
    ++lookups_[hash];
    auto it = payments_.find(hash);
    if (it == payments_.end()) return detail(req, 404, "Payment does not exist.");
    const auto& p = it->second;
    json::object o{{"paid", p.paid}, {"preimage", to_hex(ByteView(p.preimage))}};
    if (!p.paid) o["status"] = "pending";
    if (key == kKey) o["details"] = payment(p);
    return PushServer::reply(req, 200, json::serialize(o));
  }

  mutable std::mutex mutex_;
  std::string prefix_ = "lnbcrt";
  std::optional<std::pair<unsigned, std::string>> refusal_;
  std::map<std::string, FakePayment> payments_;
  std::map<std::string, int> lookups_;
  std::vector<std::string> upgrades_;
};

class LnbitsBackendTest : public ::testing::Test {
 protected:
  net::testing::TempDir dir;
  FakeLnbits lnbits;
  PushServer server{[this](const PushServer::Request& req) { return lnbits.answer(req); }};

  LnbitsConfig config(const std::string& key = kKey) {
    auto path = dir.path() / "invoice.key";
    std::ofstream(path, std::ios::trunc) << key << "\n";
    ::chmod(path.c_str(), 0600);
    LnbitsConfig c;
    c.host = server.url();
    c.api_key_path = path;
    c.timeout = 5s;
    return c;
  }
  static std::function<std::int64_t()> clock(std::int64_t now = kNow + 10) {
    return [now] { return now; };
  }
  CreatedInvoice create(LnbitsBackend& node, std::uint64_t msat = 21'000) {
    CreateInvoiceRequest request{msat, "L402 vision", 600};
    return run_blocking(node.async_create_invoice(request));
  }
};

TEST_F(LnbitsBackendTest, MakesAndLooksUpInvoicesInWholeSats) {
  LnbitsBackend node(config(), bolt11::Network::regtest, clock());
  auto info = check_node(node, bolt11::Network::regtest);  // no network to compare
  EXPECT_EQ(info.alias, "l402 sales");
  EXPECT_FALSE(info.network);
  auto created = create(node);
  EXPECT_TRUE(created.bolt11.starts_with("lnbcrt210n1p"));
  EXPECT_EQ(created.expires_at, kNow + 10 + 600);
  auto open = run_blocking(node.async_lookup_invoice(created.payment_hash));
  ASSERT_TRUE(open);
  EXPECT_EQ(open->state, InvoiceState::open);
  EXPECT_EQ(open->amount_msat, 21'000u);
  EXPECT_FALSE(open->preimage);  // LNbits sends it unpaid too
  lnbits.pay(created.payment_hash);
  auto paid = run_blocking(node.async_lookup_invoice(created.payment_hash));
  ASSERT_TRUE(paid);
  EXPECT_EQ(paid->state, InvoiceState::settled);
  ASSERT_TRUE(paid->preimage);
  EXPECT_EQ(sha256(ByteView(*paid->preimage)), created.payment_hash);
  EXPECT_FALSE(run_blocking(node.async_lookup_invoice(Hash32{})));
}

TEST_F(LnbitsBackendTest, AnUnpaidInvoicePastItsExpiryIsExpired) {
  LnbitsBackend node(config(), bolt11::Network::regtest, clock(kNow + 600));
  auto created = create(node);
  EXPECT_EQ(run_blocking(node.async_lookup_invoice(created.payment_hash))->state,
            InvoiceState::expired);
}

TEST_F(LnbitsBackendTest, AmountsWithMillisatoshisAreRefusedNotRounded) {
  LnbitsBackend node(config(), bolt11::Network::regtest, clock());
  try {
    create(node, 21'500);
    FAIL() << "rounded 21.5 sats";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::rejected);
  }
  CreateInvoiceRequest long_memo{21'000, std::string(641, 'm'), 600};
  EXPECT_THROW(run_blocking(node.async_create_invoice(long_memo)), BackendError);
}

TEST_F(LnbitsBackendTest, AnInvoiceForAnotherNetworkIsNotHandedOut) {
  lnbits.set_prefix("lnbc");
  LnbitsBackend node(config(), bolt11::Network::regtest, clock());
  try {
    create(node);
    FAIL() << "handed out a mainnet invoice under a regtest configuration";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::wrong_network);
    EXPECT_NE(std::string(e.what()).find("mainnet"), std::string::npos) << e.what();
  }
}

TEST_F(LnbitsBackendTest, TheFactoryPassesTheConfiguredNetwork) {
  lnbits.set_prefix("lntb");
  auto store = store::open_sqlite_store({dir.path() / "l402d.db"});
  auto node = make_backend(config(), {dir.path(), *store, clock(), bolt11::Network::signet});
  ASSERT_EQ(node->name(), "lnbits");
  CreateInvoiceRequest request{21'000, "L402 vision", 600};
  try {
    run_blocking(node->async_create_invoice(request));
    FAIL() << "handed out a testnet invoice under a signet configuration";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::wrong_network) << e.what();
  }
}

TEST_F(LnbitsBackendTest, AnUnknownKeyIsUnauthorizedAndNeverInTheMessage) {
  const std::string wrong = "ffffffffffffffffffffffffffffffff";
  LnbitsBackend node(config(wrong), bolt11::Network::regtest, clock());
  try {
    run_blocking(node.async_node_info());
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unauthorized);
    EXPECT_NE(std::string(e.what()).find("Wallet not found."), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find(wrong), std::string::npos) << e.what();
  }
}

TEST_F(LnbitsBackendTest, ErrorsKeepLnbitsText) {
  LnbitsBackend node(config(), bolt11::Network::regtest, clock());
  lnbits.refuse_next_create(
      422, R"({"detail": [{"loc": ["body", "expiry"], "msg": "value is not a valid integer",)"
           R"( "type": "type_error.integer"}]})");
  try {
    create(node);
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::rejected);
    EXPECT_NE(std::string(e.what()).find("value is not a valid integer"), std::string::npos);
  }
  lnbits.refuse_next_create(520, R"({"detail": "Unable to connect to the funding source.",)"
                                 R"( "status": "failed"})");
  try {
    create(node);
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unavailable);
    EXPECT_NE(std::string(e.what()).find("funding source"), std::string::npos);
  }
}

TEST_F(LnbitsBackendTest, APushedPaymentWakesAWaiterBeforeItsRecheck) {
  LnbitsBackend node(config(), bolt11::Network::regtest, clock());
  ASSERT_TRUE(server.wait_for_sockets(1, 5s));
  EXPECT_EQ(lnbits.upgrades().front(), "/api/v1/ws/" + kKey);
  auto created = create(node);
  auto waiting = std::async(std::launch::async, [&] {
    return run_blocking(node.async_wait_invoice(created.payment_hash, 20s));
  });
  while (lnbits.lookups(created.payment_hash) < 1)
    std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(100ms);
  const auto paid_at = std::chrono::steady_clock::now();
  server.push(lnbits.pay(created.payment_hash));
  ASSERT_EQ(waiting.wait_for(3s), std::future_status::ready) << "not woken by the websocket";
  EXPECT_LT(std::chrono::steady_clock::now() - paid_at, 2s);
  auto status = waiting.get();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::settled);
  // The waiter's lookup and the one the push triggered; no recheck.
  EXPECT_EQ(lnbits.lookups(created.payment_hash), 2);
}

TEST_F(LnbitsBackendTest, TheWebsocketReconnectsAfterTheNodeDropsIt) {
  LnbitsBackend node(config(), bolt11::Network::regtest, clock());
  ASSERT_TRUE(server.wait_for_sockets(1, 5s));
  server.drop_sockets();
  std::this_thread::sleep_for(50ms);
  // The first retry comes after one second.
  ASSERT_TRUE(server.wait_for_sockets(1, 5s));
  EXPECT_GE(lnbits.upgrades().size(), 2u);
  auto created = create(node);
  auto waiting = std::async(std::launch::async, [&] {
    return run_blocking(node.async_wait_invoice(created.payment_hash, 20s));
  });
  while (lnbits.lookups(created.payment_hash) < 1)
    std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(100ms);
  server.push(lnbits.pay(created.payment_hash));
  ASSERT_EQ(waiting.wait_for(3s), std::future_status::ready);
  EXPECT_EQ(waiting.get()->state, InvoiceState::settled);
}

}  // namespace
}  // namespace l402d::lightning
