// Our NWC client (src/nwc) and the l402 client's NWC wallet against code we
// did not write: a relay from @nostr-relay/core and @getalby/sdk's
// NWCWalletService (tests/interop/nwc), whose money is lnsim's LNbits wallet.
// Invoices are paid from outside through lnsim's control port or by lnsim's
// phoenixd, so both directions of a payment cross the simulated network.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <boost/json.hpp>
#include <condition_variable>
#include <ctime>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

#include "bolt11/codec.hpp"
#include "client/nwc_wallet.hpp"
#include "lightning/nwc_backend.hpp"
#include "net/http_client.hpp"
#include "nostr/nip44.hpp"
#include "nostr/nip47_events.hpp"
#include "nwc/nwc_client.hpp"
#include "nwc/relay_session.hpp"
#include "support/lnsim_process.hpp"
#include "support/nwc_service_process.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/run_blocking.hpp"

namespace l402d::nwc {
namespace {

namespace json = boost::json;
namespace nip47 = nostr::nip47;
using std::chrono::milliseconds;

constexpr milliseconds kCallTimeout{10'000};

// Notifications arrive on the relay thread; the test waits for one here.
class Inbox {
 public:
  void add(const nip47::Notification& n) {
    std::lock_guard lock(mutex_);
    received_.push_back(n);
    arrived_.notify_all();
  }
  std::optional<nip47::Notification> wait_for(const std::string& payment_hash,
                                              milliseconds timeout) {
    std::unique_lock lock(mutex_);
    std::optional<nip47::Notification> found;
    arrived_.wait_for(lock, timeout, [&] {
      for (const auto& n : received_) {
        if (n.transaction.payment_hash == payment_hash) found = n;
      }
      return found.has_value();
    });
    return found;
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<nip47::Notification> received_;
};

class NwcInteropTest : public ::testing::Test {
 protected:
  l402d::testing::TempDir dir{"l402d-nwc-interop"};
  l402d::testing::LnsimProcess lnsim{LNSIM_BINARY, dir.path() / "sim"};
  l402d::testing::NwcServiceProcess service{NODE_BINARY, NWC_SERVICE_SCRIPT, lnsim.info_file(),
                                            dir.path() / "nwc.json"};

  static nostr::NwcUri parse(const std::string& uri) {
    auto parsed = nostr::parse_nwc_uri(uri);
    if (!parsed) throw std::runtime_error(parsed.error().message);
    return std::move(*parsed);
  }

  nip47::Response call(NwcClient& client, nip47::Request request) {
    return run_blocking(client.call(std::move(request), kCallTimeout));
  }

  net::HttpResponse control(const std::string& path, const std::string& body) {
    net::HttpRequest r;
    r.method = "POST";
    r.url = lnsim.field("control", "url") + path;
    r.body = body;
    r.headers.emplace_back("Content-Type", "application/json");
    return net::perform(r);
  }

  // phoenixd's full password, from the phoenix.conf lnsim wrote.
  std::string phoenixd_password() const {
    std::istringstream conf(l402d::testing::LnsimProcess::slurp(lnsim.field("phoenixd", "conf")));
    std::string line;
    while (std::getline(conf, line)) {
      if (line.starts_with("http-password=")) return line.substr(line.find('=') + 1);
    }
    throw std::runtime_error("no http-password in phoenix.conf");
  }

  net::HttpResponse phoenixd(const std::string& method, const std::string& path,
                             const std::string& form = {}) {
    net::HttpRequest r;
    r.method = method;
    r.url = lnsim.field("phoenixd", "url") + path;
    r.body = form;
    r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    r.headers.emplace_back("Authorization",
                           "Basic " + base64_encode(as_bytes(":" + phoenixd_password())));
    return net::perform(r);
  }

  // An invoice phoenixd (another node of the network) wants paid.
  std::string phoenixd_invoice(std::uint64_t sat) {
    auto r = phoenixd("POST", "/createinvoice",
                      "description=from+phoenixd&amountSat=" + std::to_string(sat));
    if (r.status != 200) throw std::runtime_error("createinvoice: " + r.body);
    return std::string(json::parse(r.body).at("serialized").as_string());
  }

  std::uint64_t buyer_balance(NwcClient& buyer) {
    auto r = call(buyer, nip47::GetBalanceRequest{});
    return std::get<nip47::GetBalanceResult>(r.outcome).balance_msat;
  }

  static std::string hash_of_preimage(const std::string& preimage_hex) {
    auto bytes = from_hex(preimage_hex);
    if (!bytes || bytes->size() != 32) return "not a 32-byte preimage: " + preimage_hex;
    return to_hex(sha256(*bytes));
  }
};

TEST_F(NwcInteropTest, SellerInvoicePaidFromOutsideIsNotifiedAndSettled) {
  Inbox inbox;
  NwcClient seller(parse(service.seller_uri()), {},
                   [&inbox](const nip47::Notification& n) { inbox.add(n); });

  nip47::MakeInvoiceRequest make;
  make.amount_msat = 21'000;
  make.description = "interop coffee";
  auto made = call(seller, make);
  ASSERT_TRUE(std::holds_alternative<nip47::MakeInvoiceResult>(made.outcome)) << service.log();
  const auto& tx = std::get<nip47::MakeInvoiceResult>(made.outcome).transaction;
  ASSERT_TRUE(tx.invoice.has_value());
  EXPECT_EQ(tx.amount_msat, 21'000u);
  EXPECT_FALSE(tx.settled());
  EXPECT_FALSE(tx.preimage.has_value()) << "the preimage of an unpaid invoice leaked";

  // The invoice is lnsim's LNbits node's, for what was asked.
  auto decoded = bolt11::decode(*tx.invoice);
  ASSERT_TRUE(decoded.has_value()) << *tx.invoice;
  EXPECT_EQ(decoded->amount_msat, 21'000u);
  EXPECT_EQ(decoded->description, "interop coffee");
  EXPECT_EQ(decoded->network, bolt11::Network::regtest);
  EXPECT_EQ(to_hex(decoded->payment_hash), tx.payment_hash);
  EXPECT_EQ(to_hex(decoded->payee), lnsim.field("lnbits", "node_id"));

  auto paid = control("/control/pay", json::serialize(json::object{{"bolt11", *tx.invoice}}));
  ASSERT_EQ(paid.status, 200) << paid.body;

  auto note = inbox.wait_for(tx.payment_hash, milliseconds(10'000));
  ASSERT_TRUE(note.has_value()) << "no payment_received notification\n" << service.log();
  EXPECT_EQ(note->type, nip47::NotificationType::payment_received);
  EXPECT_TRUE(note->transaction.settled());
  EXPECT_EQ(note->transaction.amount_msat, 21'000u);
  ASSERT_TRUE(note->transaction.preimage.has_value());
  EXPECT_EQ(hash_of_preimage(*note->transaction.preimage), tx.payment_hash);

  nip47::LookupInvoiceRequest lookup;
  lookup.payment_hash = tx.payment_hash;
  auto looked = call(seller, lookup);
  ASSERT_TRUE(std::holds_alternative<nip47::LookupInvoiceResult>(looked.outcome));
  const auto& settled = std::get<nip47::LookupInvoiceResult>(looked.outcome).transaction;
  EXPECT_EQ(settled.state, nip47::TransactionState::settled);
  EXPECT_TRUE(settled.settled_at.has_value());
  ASSERT_TRUE(settled.preimage.has_value());
  EXPECT_EQ(hash_of_preimage(*settled.preimage), tx.payment_hash);
  EXPECT_EQ(*settled.preimage, json::parse(paid.body).at("preimage").as_string());
}

TEST_F(NwcInteropTest, L402dsNwcBackendIsWokenByTheNotification) {
  const auto uri_file = dir.path() / "seller.uri";
  std::ofstream(uri_file) << service.seller_uri() << "\n";
  ::chmod(uri_file.c_str(), 0600);
  lightning::NwcConfig config;
  config.uri_path = uri_file;
  lightning::NwcBackend backend(config);

  auto node = run_blocking(backend.async_node_info());
  EXPECT_EQ(node.network, bolt11::Network::regtest);
  EXPECT_EQ(node.pubkey, lnsim.field("lnbits", "node_id"));

  lightning::CreateInvoiceRequest request;
  request.amount_msat = 42'000;
  request.description = "backend interop";
  auto made = run_blocking(backend.async_create_invoice(request));
  EXPECT_EQ(bolt11::decode(made.bolt11)->amount_msat, 42'000u);

  // The waiter looks again only every 5 s and once more at its timeout (4.5
  // s), so ending well before that means the payment_received notification
  // woke it.
  auto waiting = std::async(std::launch::async, [&] {
    return run_blocking(backend.async_wait_invoice(made.payment_hash, milliseconds(4'500)));
  });
  std::this_thread::sleep_for(milliseconds(200));
  auto paid = control("/control/pay", json::serialize(json::object{{"bolt11", made.bolt11}}));
  ASSERT_EQ(paid.status, 200) << paid.body;
  const auto paid_at = std::chrono::steady_clock::now();
  auto status = waiting.get();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->state, lightning::InvoiceState::settled) << service.log();
  ASSERT_TRUE(status->preimage.has_value());
  EXPECT_EQ(sha256(*status->preimage), made.payment_hash);
  EXPECT_EQ(status->amount_msat, 42'000u);
  EXPECT_LT(std::chrono::steady_clock::now() - paid_at, milliseconds(3'000))
      << "settled only by a lookup: no notification reached the backend";
}

TEST_F(NwcInteropTest, BuyerPaysAnInvoiceOfAnotherNode) {
  NwcClient buyer(parse(service.buyer_uri()), {});
  const std::uint64_t before = buyer_balance(buyer);
  const std::string invoice = phoenixd_invoice(1234);
  const std::string hash = to_hex(bolt11::decode(invoice)->payment_hash);

  nip47::PayInvoiceRequest pay;
  pay.invoice = invoice;
  auto paid = call(buyer, pay);
  ASSERT_TRUE(std::holds_alternative<nip47::PayInvoiceResult>(paid.outcome))
      << std::get<nip47::WalletError>(paid.outcome).message;
  const auto& result = std::get<nip47::PayInvoiceResult>(paid.outcome);
  EXPECT_EQ(hash_of_preimage(result.preimage), hash);

  // phoenixd was paid, and the wallet paid the amount plus the fee it reports.
  auto incoming = json::parse(phoenixd("GET", "/payments/incoming/" + hash).body).as_object();
  EXPECT_TRUE(incoming.at("isPaid").as_bool());
  EXPECT_EQ(incoming.at("receivedSat").to_number<std::int64_t>(), 1234);
  ASSERT_TRUE(result.fees_paid_msat.has_value());
  EXPECT_GT(*result.fees_paid_msat, 0u);
  EXPECT_EQ(before - buyer_balance(buyer), 1'234'000u + *result.fees_paid_msat);

  // The buyer's side looks the payment up as an outgoing, settled one.
  nip47::LookupInvoiceRequest lookup;
  lookup.invoice = invoice;
  auto looked = call(buyer, lookup);
  ASSERT_TRUE(std::holds_alternative<nip47::LookupInvoiceResult>(looked.outcome));
  const auto& t = std::get<nip47::LookupInvoiceResult>(looked.outcome).transaction;
  EXPECT_EQ(t.type, nip47::TransactionType::outgoing);
  EXPECT_TRUE(t.settled());
  EXPECT_EQ(t.preimage, result.preimage);
}

TEST_F(NwcInteropTest, TheL402WalletPaysThroughIt) {
  client::NwcWallet wallet(parse(service.buyer_uri()), {}, std::chrono::seconds(10),
                           std::chrono::seconds(10));
  const std::string invoice = phoenixd_invoice(77);
  const auto decoded = *bolt11::decode(invoice);
  auto result = wallet.pay(invoice, decoded, 10'000);
  ASSERT_EQ(result.status, client::PayResult::Status::succeeded) << result.message;
  EXPECT_EQ(to_hex(sha256(result.preimage)), to_hex(decoded.payment_hash));
  EXPECT_EQ(wallet.status(invoice, decoded).status, client::PayResult::Status::succeeded);
}

TEST_F(NwcInteropTest, UnpayableInvoicesAreClearNip47Errors) {
  NwcClient buyer(parse(service.buyer_uri()), {});

  // Signed by a key no node of the network has: no route.
  bolt11::Invoice foreign;
  foreign.network = bolt11::Network::regtest;
  foreign.amount_msat = 5'000;
  foreign.timestamp = static_cast<std::uint64_t>(std::time(nullptr));
  foreign.payment_hash = random_array<32>();
  foreign.payment_secret = random_array<32>();
  foreign.description = "nobody's";
  foreign.feature_bits = {8, 14};
  const std::string nobodys = bolt11::encode(foreign, random_array<32>());
  nip47::PayInvoiceRequest pay;
  pay.invoice = nobodys;
  auto refused = call(buyer, pay);
  ASSERT_TRUE(std::holds_alternative<nip47::WalletError>(refused.outcome));
  const auto& e = std::get<nip47::WalletError>(refused.outcome);
  EXPECT_EQ(e.code, nip47::WalletErrorCode::payment_failed) << e.code_text;
  EXPECT_NE(e.message.find("NO_ROUTE"), std::string::npos) << e.message;

  // The l402 client's wallet reports it as a definite failure, with the code.
  client::NwcWallet wallet(parse(service.buyer_uri()), {}, std::chrono::seconds(10),
                           std::chrono::seconds(10));
  auto result = wallet.pay(nobodys, foreign, 1'000);
  EXPECT_EQ(result.status, client::PayResult::Status::failed);
  EXPECT_NE(result.message.find("PAYMENT_FAILED"), std::string::npos) << result.message;
  // Never sent, so never found.
  EXPECT_EQ(wallet.status(nobodys, foreign).status, client::PayResult::Status::failed);

  // An empty wallet: insufficient balance.
  ASSERT_EQ(control("/control/balance", R"({"api":"lnbits","balance_msat":1000})").status, 200);
  pay.invoice = phoenixd_invoice(500);
  refused = call(buyer, pay);
  ASSERT_TRUE(std::holds_alternative<nip47::WalletError>(refused.outcome));
  EXPECT_EQ(std::get<nip47::WalletError>(refused.outcome).code,
            nip47::WalletErrorCode::insufficient_balance);

  // Not a BOLT11 invoice at all.
  pay.invoice = "lnbcrt1nonsense";
  refused = call(buyer, pay);
  ASSERT_TRUE(std::holds_alternative<nip47::WalletError>(refused.outcome));
  EXPECT_EQ(std::get<nip47::WalletError>(refused.outcome).code, nip47::WalletErrorCode::other);
}

TEST_F(NwcInteropTest, SellerRefusalsAreNip47Errors) {
  NwcClient seller(parse(service.seller_uri()), {});

  // LNbits makes invoices for whole satoshis only.
  nip47::MakeInvoiceRequest make;
  make.amount_msat = 1'500;
  auto refused = call(seller, make);
  ASSERT_TRUE(std::holds_alternative<nip47::WalletError>(refused.outcome));
  const auto& e = std::get<nip47::WalletError>(refused.outcome);
  EXPECT_EQ(e.code, nip47::WalletErrorCode::other);
  EXPECT_NE(e.message.find("whole satoshis"), std::string::npos) << e.message;

  nip47::LookupInvoiceRequest lookup;
  lookup.payment_hash = std::string(64, '1');
  refused = call(seller, lookup);
  ASSERT_TRUE(std::holds_alternative<nip47::WalletError>(refused.outcome));
  EXPECT_EQ(std::get<nip47::WalletError>(refused.outcome).code, nip47::WalletErrorCode::not_found);

  // The seller's connection may not spend.
  nip47::PayInvoiceRequest pay;
  pay.invoice = phoenixd_invoice(10);
  refused = call(seller, pay);
  ASSERT_TRUE(std::holds_alternative<nip47::WalletError>(refused.outcome));
  EXPECT_EQ(std::get<nip47::WalletError>(refused.outcome).code,
            nip47::WalletErrorCode::not_implemented);
}

TEST_F(NwcInteropTest, Nip44V2IsNegotiatedAndUsedOnTheWire) {
  auto uri = parse(service.seller_uri());
  const auto wallet = uri.wallet;
  const auto client_key = uri.secret.public_key();
  const auto conversation =
      nostr::nip44::conversation_key(parse(service.seller_uri()).secret, wallet);

  // A third party on the relay sees every request and response.
  std::mutex mutex;
  std::vector<nostr::Event> seen;
  nostr::Filter traffic;
  traffic.kinds = {nip47::kRequestKind, nip47::kResponseKind};
  traffic.since = unix_now() - 60;
  RelayHandlers handlers;
  handlers.on_event = [&](const nostr::Event& e) {
    std::lock_guard lock(mutex);
    seen.push_back(e);
  };
  RelaySession observer({service.relay()}, {}, {traffic}, std::move(handlers));
  ASSERT_TRUE(observer.wait_connected(milliseconds(5'000)));

  NwcClient seller(std::move(uri), {});
  auto info = run_blocking(seller.info());
  EXPECT_TRUE(info.encryption_tag_present);
  EXPECT_NE(
      std::find(info.encryptions.begin(), info.encryptions.end(), nip47::Encryption::nip44_v2),
      info.encryptions.end());
  EXPECT_EQ(info.choose_encryption(), nip47::Encryption::nip44_v2);
  EXPECT_TRUE(info.supports("make_invoice"));
  EXPECT_TRUE(info.supports("lookup_invoice"));
  EXPECT_TRUE(info.supports("notifications"));
  EXPECT_NE(std::find(info.notifications.begin(), info.notifications.end(), "payment_received"),
            info.notifications.end());

  auto got = call(seller, nip47::GetInfoRequest{});
  ASSERT_TRUE(std::holds_alternative<nip47::GetInfoResult>(got.outcome));
  const auto& node = std::get<nip47::GetInfoResult>(got.outcome);
  EXPECT_EQ(node.network, "regtest");
  EXPECT_EQ(node.pubkey, lnsim.field("lnbits", "node_id"));

  // The request said nip44_v2 and the wallet answered in NIP-44 v2: the
  // answer opens with the conversation key and is no NIP-04 "?iv=" text.
  const auto deadline = std::chrono::steady_clock::now() + milliseconds(3'000);
  for (;;) {
    std::vector<nostr::Event> events;
    {
      std::lock_guard lock(mutex);
      events = seen;
    }
    const nostr::Event* request = nullptr;
    const nostr::Event* response = nullptr;
    for (const auto& e : events) {
      if (e.kind == nip47::kRequestKind && e.pubkey == client_key) request = &e;
      if (e.kind == nip47::kResponseKind && e.pubkey == wallet) response = &e;
    }
    if (request && response) {
      ASSERT_NE(request->tag_value("encryption"), nullptr);
      EXPECT_EQ(*request->tag_value("encryption"), "nip44_v2");
      EXPECT_EQ(response->content.find("?iv="), std::string::npos);
      auto plain = nostr::nip44::decrypt(response->content, conversation);
      ASSERT_TRUE(plain.has_value()) << plain.error().message;
      EXPECT_EQ(json::parse(*plain).at("result_type").as_string(), "get_info");
      break;
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline)
        << "the observer saw " << events.size() << " events";
    std::this_thread::sleep_for(milliseconds(20));
  }
}

TEST_F(NwcInteropTest, StopsCleanlyOnSigterm) {
  const int status = service.stop();
  EXPECT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0) << service.log();
  EXPECT_EQ(service.log().find("secret="), std::string::npos) << "a connection secret was logged";
}

TEST(NwcServiceStart, RefusesWhenLnsimIsDown) {
  l402d::testing::TempDir dir{"l402d-nwc-interop"};
  std::filesystem::path info;
  {
    l402d::testing::LnsimProcess lnsim{LNSIM_BINARY, dir.path() / "sim"};
    info = dir.path() / "lnsim-copy.json";
    std::filesystem::copy_file(lnsim.info_file(), info);
  }
  try {
    l402d::testing::NwcServiceProcess service(NODE_BINARY, NWC_SERVICE_SCRIPT, info,
                                              dir.path() / "nwc.json");
    FAIL() << "started without lnsim";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("lnsim is unreachable"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "nwc.json"));
}

}  // namespace
}  // namespace l402d::nwc
