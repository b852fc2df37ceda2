// The Phoenixd backend against a local server answering as phoenixd v0.8's
// Api.kt does (basic auth with any user, form parameters, JSON answers,
// plain-text errors) and pushing payment_received events on /websocket.

#include "lightning/phoenixd_backend.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json/serialize.hpp>
#include <fstream>
#include <future>
#include <map>
#include <mutex>

#include "lightning/node_check.hpp"
#include "net/test_cert.hpp"
#include "push_server.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

namespace json = boost::json;
using testing::PushServer;
using namespace std::chrono_literals;

const std::string kPassword = "0b9e4c3d2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d";
const std::string kFullAccess = "6a1e0fd1b7d1d2a0c5e8bf4d9b2c3e7f6a1e0fd1b7d1d2a0c5e8bf4d9b2c3e7f";
constexpr std::int64_t kNow = 1'800'000'000;

std::string basic(const std::string& password) {
  const auto credentials = ":" + password;
  return "Basic " +
         base64_encode(ByteView(reinterpret_cast<const std::uint8_t*>(credentials.data()),
                                credentials.size()));
}

std::map<std::string, std::string> form(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    auto amp = body.find('&');
    auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    auto eq = pair.find('=');
    std::string value;
    for (std::size_t i = eq + 1; i < pair.size(); ++i) {
      if (pair[i] == '+') {
        value += ' ';
      } else if (pair[i] == '%') {
        value += static_cast<char>(std::stoi(std::string(pair.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        value += pair[i];
      }
    }
    out[std::string(pair.substr(0, eq))] = value;
  }
  return out;
}

struct FakeIncoming {
  Hash32 preimage{};
  Hash32 hash{};
  std::uint64_t sats = 0;
  std::int64_t expires_at_ms = 0;
  bool paid = false;
  std::string description;
  std::string external_id;
};

class FakePhoenixd {
 public:
  void set_chain(std::string chain) {
    std::lock_guard lock(mutex_);
    chain_ = std::move(chain);
  }
  void refuse_next_create(unsigned status, std::string text) {
    std::lock_guard lock(mutex_);
    refusal_ = {status, std::move(text)};
  }
  // Marks it paid and returns the websocket event.
  std::string pay(const Hash32& hash) {
    std::lock_guard lock(mutex_);
    auto& p = payments_.at(to_hex(ByteView(hash)));
    p.paid = true;
    return "{\n    \"type\": \"payment_received\",\n    \"timestamp\": 1800000005000,\n"
           "    \"amountSat\": " +
           std::to_string(p.sats) + ",\n    \"paymentHash\": \"" + to_hex(ByteView(hash)) +
           "\",\n    \"externalId\": \"l402d\"\n}";
  }
  int lookups(const Hash32& hash) const {
    std::lock_guard lock(mutex_);
    auto it = lookups_.find(to_hex(ByteView(hash)));
    return it == lookups_.end() ? 0 : it->second;
  }
  FakeIncoming incoming(const Hash32& hash) const {
    std::lock_guard lock(mutex_);
    return payments_.at(to_hex(ByteView(hash)));
  }
  int upgrades() const {
    std::lock_guard lock(mutex_);
    return upgrades_;
  }

  PushServer::Response answer(const PushServer::Request& req) {
    std::lock_guard lock(mutex_);
    // Any user; the limited-access password (or the full one).
    const auto auth = std::string(req[boost::beast::http::field::authorization]);
    if (auth != basic(kPassword) && auth != basic(kFullAccess)) {
      return text(req, 401,
                  "Invalid authentication (use basic auth with the http password set in "
                  "phoenix.conf)");
    }
    const auto target = std::string(req.target());
    if (target == "/websocket") {
      ++upgrades_;
      return PushServer::reply(req, 101, "");
    }
    if (target == "/getinfo") {
      return PushServer::reply(
          req, 200,
          "{\n    \"nodeId\": "
          "\"03e2cc8b2e8bd0fcc05b1b2a0a5e1e38cfc28c2a5a4a5c2b7ec4ab0dbe9db6b2a5\",\n"
          "    \"channels\": [],\n    \"chain\": \"" +
              chain_ + "\",\n    \"blockHeight\": 120,\n    \"version\": \"0.8.0\"\n}");
    }
    if (target == "/createinvoice" && req.method_string() == "POST") return create(req);
    if (target.starts_with("/payments/incoming/")) return lookup(req, target.substr(19));
    return text(req, 404, "Unknown endpoint (check api doc)");
  }

 private:
  static PushServer::Response text(const PushServer::Request& req, unsigned status,
                                   std::string body) {
    auto res = PushServer::reply(req, status, std::move(body));
    res.set(boost::beast::http::field::content_type, "text/plain; charset=UTF-8");
    return res;
  }

  PushServer::Response create(const PushServer::Request& req) {
    if (refusal_) {
      auto [status, message] = *refusal_;
      refusal_.reset();
      return text(req, status, message);
    }
    auto params = form(req.body());
    if (params["description"].size() > 128) {
      return text(req, 400, "Request parameter description is too long (max 128 characters)");
    }
    FakeIncoming p;
    p.sats = std::stoull(params.at("amountSat"));
    p.description = params["description"];
    p.external_id = params["externalId"];
    p.preimage = sha256(std::to_string(payments_.size()) + "phoenix");
    p.hash = sha256(ByteView(p.preimage));
    p.expires_at_ms = (kNow + std::stoll(params.at("expirySeconds"))) * 1000;
    payments_[to_hex(ByteView(p.hash))] = p;
    return PushServer::reply(
        req, 200,
        json::serialize(json::object{{"amountSat", p.sats},
                                     {"paymentHash", to_hex(ByteView(p.hash))},
                                     {"serialized", "lnbcrt210n1pfakephoenix"}}));
  }

  PushServer::Response lookup(const PushServer::Request& req, const std::string& hash) {
    ++lookups_[hash];
    auto it = payments_.find(hash);
    if (it == payments_.end()) return text(req, 404, "Not found");
    const auto& p = it->second;
    json::object o{{"type", "incoming_payment"},
                   {"subType", "lightning"},
                   {"paymentHash", hash},
                   {"preimage", to_hex(ByteView(p.preimage))},  // paid or not
                   {"externalId", p.external_id},
                   {"description", p.description},
                   {"invoice", "lnbcrt210n1pfakephoenix"},
                   {"isPaid", p.paid},
                   {"isExpired", false},
                   {"requestedSat", p.sats},
                   {"receivedSat", p.paid ? p.sats : 0},
                   {"fees", 0},
                   {"expiresAt", p.expires_at_ms},
                   {"createdAt", kNow * 1000}};
    if (p.paid) o["completedAt"] = (kNow + 5) * 1000;
    return PushServer::reply(req, 200, json::serialize(o));
  }

  mutable std::mutex mutex_;
  std::string chain_ = "regtest";
  std::optional<std::pair<unsigned, std::string>> refusal_;
  std::map<std::string, FakeIncoming> payments_;
  std::map<std::string, int> lookups_;
  int upgrades_ = 0;
};

class PhoenixdBackendTest : public ::testing::Test {
 protected:
  net::testing::TempDir dir;
  FakePhoenixd phoenixd;
  PushServer server{[this](const PushServer::Request& req) { return phoenixd.answer(req); }};

  PhoenixdConfig config(const std::string& file_text) {
    auto path = dir.path() / "phoenix.conf";
    std::ofstream(path, std::ios::trunc) << file_text;
    ::chmod(path.c_str(), 0600);
    PhoenixdConfig c;
    c.host = server.url();
    c.password_path = path;
    c.timeout = 5s;
    return c;
  }
  PhoenixdConfig config() {
    return config("chain=regtest\nhttp-password=" + kFullAccess +
                  "\nhttp-password-limited-access=" + kPassword + "\n");
  }
  static std::function<std::int64_t()> clock(std::int64_t now = kNow + 10) {
    return [now] { return now; };
  }
  CreatedInvoice create(PhoenixdBackend& node, std::uint64_t msat = 21'000) {
    CreateInvoiceRequest request{msat, "L402 vision", 600};
    return run_blocking(node.async_create_invoice(request));
  }
};

TEST_F(PhoenixdBackendTest, MakesAndLooksUpInvoicesWithTheLimitedAccessPassword) {
  PhoenixdBackend node(config(), clock());
  auto info = check_node(node, bolt11::Network::regtest);
  EXPECT_EQ(info.pubkey, "03e2cc8b2e8bd0fcc05b1b2a0a5e1e38cfc28c2a5a4a5c2b7ec4ab0dbe9db6b2a5");
  auto created = create(node);
  EXPECT_EQ(created.bolt11, "lnbcrt210n1pfakephoenix");
  EXPECT_EQ(created.expires_at, kNow + 10 + 600);
  const auto sent = phoenixd.incoming(created.payment_hash);
  EXPECT_EQ(sent.sats, 21u);
  EXPECT_EQ(sent.description, "L402 vision");
  EXPECT_EQ(sent.external_id, "l402d");
  auto open = run_blocking(node.async_lookup_invoice(created.payment_hash));
  ASSERT_TRUE(open);
  EXPECT_EQ(open->state, InvoiceState::open);
  EXPECT_FALSE(open->preimage);  // handed out unpaid: not proof of anything
  phoenixd.pay(created.payment_hash);
  auto paid = run_blocking(node.async_lookup_invoice(created.payment_hash));
  ASSERT_TRUE(paid);
  EXPECT_EQ(paid->state, InvoiceState::settled);
  EXPECT_EQ(paid->settled_at, kNow + 5);
  ASSERT_TRUE(paid->preimage);
  EXPECT_EQ(sha256(ByteView(*paid->preimage)), created.payment_hash);
  EXPECT_FALSE(run_blocking(node.async_lookup_invoice(Hash32{})));
}

TEST_F(PhoenixdBackendTest, AnUnpaidInvoicePastItsExpiryIsExpired) {
  PhoenixdBackend node(config(), clock(kNow + 600));
  auto created = create(node);
  EXPECT_EQ(run_blocking(node.async_lookup_invoice(created.payment_hash))->state,
            InvoiceState::expired);
}

TEST_F(PhoenixdBackendTest, APasswordFileOrTheEnvironmentWorkToo) {
  PhoenixdBackend from_file(config(kPassword + "\n"), clock());
  EXPECT_NO_THROW(run_blocking(from_file.async_node_info()));
  // Set and unset while no thread of ours may read the environment.
  ::setenv("L402D_PHOENIXD_PASSWORD", kPassword.c_str(), 1);
  {
    PhoenixdBackend from_env(config("wrong"), clock());
    EXPECT_NO_THROW(run_blocking(from_env.async_node_info()));
  }
  ::unsetenv("L402D_PHOENIXD_PASSWORD");
}

TEST_F(PhoenixdBackendTest, APhoenixConfWithOnlyTheFullAccessPasswordIsRefused) {
  try {
    PhoenixdBackend node(config("http-password=" + kFullAccess + "\n"), clock());
    FAIL() << "took a password that can pay";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unauthorized);
    EXPECT_EQ(std::string(e.what()).find(kFullAccess), std::string::npos) << e.what();
  }
}

TEST_F(PhoenixdBackendTest, AWrongPasswordIsUnauthorizedAndNeverInTheMessage) {
  const std::string wrong = "d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5";
  PhoenixdBackend node(config(wrong), clock());
  try {
    run_blocking(node.async_node_info());
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unauthorized);
    EXPECT_NE(std::string(e.what()).find("Invalid authentication"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find(wrong), std::string::npos) << e.what();
  }
}

TEST_F(PhoenixdBackendTest, ANodeOnAnotherNetworkIsRefused) {
  phoenixd.set_chain("mainnet");
  PhoenixdBackend node(config(), clock());
  try {
    check_node(node, bolt11::Network::testnet);
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::wrong_network);
  }
  phoenixd.set_chain("testnet3");
  EXPECT_EQ(check_node(node, bolt11::Network::testnet).network, bolt11::Network::testnet);
}

TEST_F(PhoenixdBackendTest, WholeSatsAndShortDescriptionsOnly) {
  PhoenixdBackend node(config(), clock());
  try {
    create(node, 1'500);
    FAIL() << "rounded 1.5 sats";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::rejected);
  }
  CreateInvoiceRequest long_description{21'000, std::string(129, 'd'), 600};
  EXPECT_THROW(run_blocking(node.async_create_invoice(long_description)), BackendError);
}

TEST_F(PhoenixdBackendTest, ErrorsKeepPhoenixdsText) {
  PhoenixdBackend node(config(), clock());
  phoenixd.refuse_next_create(400, "Invalid parameter expirySeconds");
  try {
    create(node);
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::rejected);
    EXPECT_NE(std::string(e.what()).find("Invalid parameter expirySeconds"), std::string::npos);
  }
  phoenixd.refuse_next_create(500, "channel is not ready");
  try {
    create(node);
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unavailable);
    EXPECT_NE(std::string(e.what()).find("channel is not ready"), std::string::npos);
  }
}

TEST_F(PhoenixdBackendTest, APaymentReceivedEventWakesAWaiterBeforeItsRecheck) {
  PhoenixdBackend node(config(), clock());
  // The fake upgrades only with the password in basic auth.
  ASSERT_TRUE(server.wait_for_sockets(1, 5s));
  EXPECT_EQ(phoenixd.upgrades(), 1);
  auto created = create(node);
  auto waiting = std::async(std::launch::async, [&] {
    return run_blocking(node.async_wait_invoice(created.payment_hash, 20s));
  });
  while (phoenixd.lookups(created.payment_hash) < 1)
    std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(100ms);
  const auto paid_at = std::chrono::steady_clock::now();
  server.push(phoenixd.pay(created.payment_hash));
  ASSERT_EQ(waiting.wait_for(3s), std::future_status::ready) << "not woken by the websocket";
  EXPECT_LT(std::chrono::steady_clock::now() - paid_at, 2s);
  auto status = waiting.get();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::settled);
  EXPECT_EQ(phoenixd.lookups(created.payment_hash), 2);
}

}  // namespace
}  // namespace l402d::lightning
