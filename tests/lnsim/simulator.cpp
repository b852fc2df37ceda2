#include "lnsim/simulator.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <stdexcept>

#include "bolt11/codec.hpp"
#include "lnsim/cln_api.hpp"
#include "lnsim/cln_runes.hpp"
#include "lnsim/control_api.hpp"
#include "lnsim/http_server.hpp"
#include "lnsim/io_loops.hpp"
#include "lnsim/kotlin_json.hpp"
#include "lnsim/lnbits_api.hpp"
#include "lnsim/lnd_api.hpp"
#include "lnsim/lnd_macaroons.hpp"
#include "lnsim/node.hpp"
#include "lnsim/phoenixd_api.hpp"
#include "lnsim/tls_identity.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/secret_file.hpp"

namespace l402d::lnsim {

namespace asio = boost::asio;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

constexpr auto kSweepInterval = std::chrono::milliseconds(200);

bolt11::SecretKey random_node_key() {
  for (;;) {
    auto key = random_array<32>();
    try {
      bolt11::public_key(key);
      return key;
    } catch (const std::invalid_argument&) {
      secure_wipe(key);  // zero or past the curve order: draw again
    }
  }
}

std::string random_hex(std::size_t bytes) {
  Bytes b(bytes);
  random_bytes(b);
  std::string out = to_hex(b);
  secure_wipe(b);
  return out;
}

void write_text(const fs::path& path, const std::string& text) {
  write_file_durably(path, as_bytes(text));
}

}  // namespace

// Everything start() builds. Members are destroyed in reverse: the servers
// and the I/O threads (whose coroutines use the APIs) before the APIs, the
// ledger and the nodes.
struct Simulator::Parts {
  std::array<std::unique_ptr<Node>, kNodeCount> nodes;
  std::unique_ptr<Ledger> ledger;
  LndMacaroons macaroons;
  std::unique_ptr<RuneMaster> runes;
  std::string admin_rune;
  std::string invoice_rune;
  LnbitsWallet wallet;
  PhoenixdPasswords passwords;
  PemPair lnd_tls;
  ClnCertificates cln_tls;

  std::unique_ptr<LndApi> lnd;
  std::unique_ptr<ClnApi> cln;
  std::unique_ptr<LnbitsApi> lnbits;
  std::unique_ptr<PhoenixdApi> phoenixd;
  std::unique_ptr<ControlApi> control;

  std::unique_ptr<IoLoops> loops;
  std::array<std::unique_ptr<HttpServer>, kNodeCount> servers;
  std::unique_ptr<HttpServer> control_server;
};

Simulator::Simulator(SimulatorOptions options)
    : options_(std::move(options)), latency_ms_(options_.latency_ms) {}

Simulator::~Simulator() {
  stop();
}

std::uint16_t Simulator::port(NodeKind node) const {
  return parts_->servers[index_of(node)]->port();
}

std::uint16_t Simulator::control_port() const {
  return parts_->control_server->port();
}

Ledger& Simulator::ledger() {
  return *parts_->ledger;
}

const Node& Simulator::node(NodeKind node) const {
  return *parts_->nodes[index_of(node)];
}

HttpServer& Simulator::server(NodeKind node) {
  return *parts_->servers[index_of(node)];
}

void Simulator::start() {
  fs::create_directories(options_.dir);
  // A file left by an earlier run must not look like this run being ready.
  std::error_code ignored;
  fs::remove(info_file(), ignored);

  parts_ = std::make_unique<Parts>();
  Parts& p = *parts_;
  std::array<bolt11::PublicKey, kNodeCount> ids{};
  for (const NodeKind k : kAllNodes) {
    auto key = random_node_key();
    p.nodes[index_of(k)] =
        std::make_unique<Node>(k, key, "lnsim-" + std::string(name_of(k)), options_.chain);
    secure_wipe(key);
    ids[index_of(k)] = p.nodes[index_of(k)]->id();
  }
  p.ledger = std::make_unique<Ledger>(options_.fees, options_.balance_msat, ids);
  write_credentials();

  p.lnd = std::make_unique<LndApi>(*p.ledger, *p.nodes[index_of(NodeKind::lnd)], p.macaroons);
  p.cln = std::make_unique<ClnApi>(*p.ledger, *p.nodes[index_of(NodeKind::cln)], *p.runes,
                                   (options_.dir / "cln").string());
  p.lnbits = std::make_unique<LnbitsApi>(*p.ledger, *p.nodes[index_of(NodeKind::lnbits)], p.wallet);
  p.phoenixd =
      std::make_unique<PhoenixdApi>(*p.ledger, *p.nodes[index_of(NodeKind::phoenixd)], p.passwords);

  p.loops = std::make_unique<IoLoops>(options_.threads);
  p.loops->start();
  const auto make_server = [&](std::string name, std::shared_ptr<asio::ssl::context> tls,
                               bool delayed, Handler handler) {
    HttpServerOptions o;
    o.name = std::move(name);
    o.host = options_.host;
    o.tls = std::move(tls);
    o.latency_ms = delayed ? &latency_ms_ : nullptr;
    auto server = std::make_unique<HttpServer>(*p.loops, std::move(o), std::move(handler));
    server->start();
    return server;
  };
  p.servers[index_of(NodeKind::lnd)] =
      make_server("lnd", make_server_context(p.lnd_tls), true,
                  [api = p.lnd.get()](Request& r, CallContext& c) { return api->handle(r, c); });
  p.servers[index_of(NodeKind::cln)] =
      make_server("cln", make_server_context(p.cln_tls.server), true,
                  [api = p.cln.get()](Request& r, CallContext& c) { return api->handle(r, c); });
  p.servers[index_of(NodeKind::lnbits)] =
      make_server("lnbits", nullptr, true,
                  [api = p.lnbits.get()](Request& r, CallContext& c) { return api->handle(r, c); });
  p.servers[index_of(NodeKind::phoenixd)] = make_server(
      "phoenixd", nullptr, true,
      [api = p.phoenixd.get()](Request& r, CallContext& c) { return api->handle(r, c); });

  ControlTargets targets;
  targets.ledger = p.ledger.get();
  targets.latency_ms = &latency_ms_;
  for (const NodeKind k : kAllNodes) {
    targets.servers[index_of(k)] = p.servers[index_of(k)].get();
    targets.nodes[index_of(k)] = p.nodes[index_of(k)].get();
  }
  p.control = std::make_unique<ControlApi>(targets);
  p.control_server = make_server(
      "control", nullptr, false,
      [api = p.control.get()](Request& r, CallContext& c) { return api->handle(r, c); });

  // lnd's invoice expiry watcher: subscribers learn of expiries as they happen.
  asio::co_spawn(
      p.loops->first(),
      [ledger = p.ledger.get()]() -> asio::awaitable<void> {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        for (;;) {
          timer.expires_after(kSweepInterval);
          auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
          if (ec) co_return;
          ledger->sweep_expired();
        }
      },
      asio::detached);

  write_info_file();
  spdlog::info("lnsim on {} ({}): lnd {}, cln {}, lnbits {}, phoenixd {}, control {}",
               options_.host, options_.chain.name(), port(NodeKind::lnd), port(NodeKind::cln),
               port(NodeKind::lnbits), port(NodeKind::phoenixd), control_port());
}

void Simulator::stop() {
  if (stopped_ || !parts_) return;
  stopped_ = true;
  Parts& p = *parts_;
  if (p.loops) {
    for (auto& s : p.servers) {
      if (s) s->stop();
    }
    if (p.control_server) p.control_server->stop();
    p.loops->stop();
  }
}

void Simulator::write_credentials() {
  Parts& p = *parts_;
  const fs::path lnd = options_.dir / "lnd";
  const fs::path cln = options_.dir / "cln";
  const fs::path lnbits = options_.dir / "lnbits";
  const fs::path phoenixd = options_.dir / "phoenixd";

  p.lnd_tls = make_lnd_certificate();
  write_text(lnd / "tls.cert", p.lnd_tls.cert_pem);
  write_text(lnd / "tls.key", p.lnd_tls.key_pem);
  write_file_durably(lnd / "admin.macaroon", p.macaroons.admin());
  write_file_durably(lnd / "invoice.macaroon", p.macaroons.invoice());

  p.cln_tls = make_cln_certificates(options_.host);
  write_text(cln / "ca.pem", p.cln_tls.ca.cert_pem);
  write_text(cln / "ca-key.pem", p.cln_tls.ca.key_pem);
  write_text(cln / "server.pem", p.cln_tls.server.cert_pem);
  write_text(cln / "server-key.pem", p.cln_tls.server.key_pem);
  write_text(cln / "client.pem", p.cln_tls.client.cert_pem);
  write_text(cln / "client-key.pem", p.cln_tls.client.key_pem);
  Bytes rune_secret(16);
  random_bytes(rune_secret);
  p.runes = std::make_unique<RuneMaster>(std::move(rune_secret));
  p.admin_rune = p.runes->create(0, {});
  std::vector<RuneAlternative> methods;
  for (const char* m : {"invoice", "listinvoices", "waitinvoice", "waitanyinvoice", "getinfo"}) {
    methods.push_back(RuneAlternative{"method", '=', m});
  }
  p.invoice_rune = p.runes->create(1, {methods});
  write_text(cln / "admin.rune", p.admin_rune);
  write_text(cln / "invoice.rune", p.invoice_rune);

  p.wallet.id = random_hex(16);
  p.wallet.admin_key = random_hex(16);
  p.wallet.invoice_key = random_hex(16);
  json::object keys;
  keys["wallet_id"] = p.wallet.id;
  keys["wallet_name"] = p.wallet.name;
  keys["admin_key"] = p.wallet.admin_key;
  keys["invoice_key"] = p.wallet.invoice_key;
  write_text(lnbits / "keys.json", kotlin_pretty_json(keys) + "\n");

  // phoenixd appends each generated value as "\n<name>=<value>".
  p.passwords.full_access = random_hex(32);
  p.passwords.limited_access = random_hex(32);
  p.passwords.webhook_secret = random_hex(32);
  write_text(phoenixd / "phoenix.conf",
             "\nhttp-password=" + p.passwords.full_access + "\nhttp-password-limited-access=" +
                 p.passwords.limited_access + "\nwebhook-secret=" + p.passwords.webhook_secret);
}

void Simulator::write_info_file() const {
  const Parts& p = *parts_;
  const std::string host =
      options_.host.find(':') != std::string::npos ? "[" + options_.host + "]" : options_.host;
  const auto base = [&](NodeKind k, bool tls) {
    json::object o;
    const std::uint16_t port = p.servers[index_of(k)]->port();
    o["url"] = std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port);
    o["port"] = port;
    o["node_id"] = p.nodes[index_of(k)]->id_hex();
    o["alias"] = p.nodes[index_of(k)]->alias();
    return o;
  };
  const auto path = [&](const char* dir, const char* file) {
    return (fs::absolute(options_.dir) / dir / file).string();
  };
  json::object lnd = base(NodeKind::lnd, true);
  lnd["tls_cert"] = path("lnd", "tls.cert");
  lnd["tls_key"] = path("lnd", "tls.key");
  lnd["admin_macaroon"] = path("lnd", "admin.macaroon");
  lnd["invoice_macaroon"] = path("lnd", "invoice.macaroon");
  json::object cln = base(NodeKind::cln, true);
  cln["ca_cert"] = path("cln", "ca.pem");
  cln["ca_key"] = path("cln", "ca-key.pem");
  cln["server_cert"] = path("cln", "server.pem");
  cln["server_key"] = path("cln", "server-key.pem");
  cln["client_cert"] = path("cln", "client.pem");
  cln["client_key"] = path("cln", "client-key.pem");
  cln["admin_rune"] = path("cln", "admin.rune");
  cln["invoice_rune"] = path("cln", "invoice.rune");
  json::object lnbits = base(NodeKind::lnbits, false);
  lnbits["keys"] = path("lnbits", "keys.json");
  lnbits["wallet_id"] = p.wallet.id;
  json::object phoenixd = base(NodeKind::phoenixd, false);
  phoenixd["conf"] = path("phoenixd", "phoenix.conf");
  json::object control;
  control["url"] = "http://" + host + ":" + std::to_string(p.control_server->port());
  control["port"] = p.control_server->port();

  json::object info;
  info["version"] = 1;
  info["pid"] = static_cast<std::int64_t>(::getpid());
  info["network"] = options_.chain.name();
  info["host"] = options_.host;
  info["control"] = std::move(control);
  info["lnd"] = std::move(lnd);
  info["cln"] = std::move(cln);
  info["lnbits"] = std::move(lnbits);
  info["phoenixd"] = std::move(phoenixd);
  write_text(info_file(), kotlin_pretty_json(info) + "\n");
}

}  // namespace l402d::lnsim
