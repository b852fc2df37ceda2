#include "app/config.hpp"

#include <gtest/gtest.h>

#include <variant>

#include "app/builtin_services.hpp"
#include "app/config_tables.hpp"

namespace l402d::app {
namespace {

std::string error_key(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.key();
  }
  return "(no error)";
}

std::string error_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

Config from_toml(const std::string& toml) {
  auto c = default_config();
  apply_toml(c, toml, "t");
  return c;
}

TEST(Config, DefaultsServeBothSeedServicesLocally) {
  auto c = default_config();
  finalize(c);
  EXPECT_EQ(c.server.host, "127.0.0.1");
  EXPECT_EQ(c.server.port, 8402);
  EXPECT_EQ(c.public_url, "http://127.0.0.1:8402");
  EXPECT_EQ(c.services.count("music"), 1U);
  EXPECT_EQ(c.services.count("vision"), 1U);
  EXPECT_TRUE(std::holds_alternative<lightning::BuiltinNodeConfig>(c.lightning_backend));
  ASSERT_TRUE(std::holds_alternative<store::SqliteStoreConfig>(c.store_backend));
  EXPECT_TRUE(std::get<store::SqliteStoreConfig>(c.store_backend).path.empty());
  EXPECT_EQ(c.root_keys, RootKeyScheme::derived);
  EXPECT_EQ(c.services.at("music").engine, Engine::builtin);
  EXPECT_EQ(c.server.body_limit_bytes, 16ULL * 1024 * 1024);
  EXPECT_TRUE(c.web_page);
}

TEST(Config, TomlOverridesDefaults) {
  auto c = default_config();
  apply_toml(c, R"(
data_dir = "/srv/l402d"
public_url = "https://ai.example.com/"
[server]
listen = "0.0.0.0:9000"
workers = 3
read_timeout_ms = 5000
web_page = false
max_connections = 500
[l402]
root_keys = "stored"
invoice_expiry_seconds = 600
[services.music]
price_sats = 250
)",
             "test.toml");
  finalize(c);
  EXPECT_EQ(c.data_dir, "/srv/l402d");
  EXPECT_EQ(c.public_url, "https://ai.example.com");
  EXPECT_EQ(c.server.host, "0.0.0.0");
  EXPECT_EQ(c.server.port, 9000);
  EXPECT_EQ(c.workers, 3);
  EXPECT_FALSE(c.web_page);
  EXPECT_EQ(c.server.read_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(c.server.max_connections, 500U);
  EXPECT_EQ(default_config().server.max_connections, 10'000U);
  EXPECT_EQ(c.root_keys, RootKeyScheme::stored);
  EXPECT_EQ(c.invoice_expiry_seconds, 600U);
  EXPECT_EQ(c.services.at("music").price_sats, 250U);
  EXPECT_EQ(c.services.at("vision").price_sats, default_config().services.at("vision").price_sats);
}

TEST(Config, ErrorsNameTheKey) {
  auto c = default_config();
  EXPECT_EQ(error_key([&] { apply_toml(c, "[server]\nlisten = \"nope\"\n", "t"); }),
            "server.listen");
  EXPECT_EQ(error_key([&] { apply_toml(c, "[server]\nworkers = 0\n", "t"); }), "server.workers");
  EXPECT_EQ(error_key([&] { apply_toml(c, "[server]\nworkers = \"2\"\n", "t"); }),
            "server.workers");
  EXPECT_EQ(error_key([&] { apply_toml(c, "[server]\nwrokers = 2\n", "t"); }), "server.wrokers");
  EXPECT_EQ(error_key([&] { apply_toml(c, "typo = 1\n", "t"); }), "typo");
  EXPECT_EQ(error_key([&] { apply_toml(c, "[l402]\nroot_keys = \"random\"\n", "t"); }),
            "l402.root_keys");
  EXPECT_EQ(error_key([&] { apply_toml(c, "[services.poetry]\nprice_sats = 1\n", "t"); }),
            "services.poetry");
  EXPECT_EQ(error_key([&] { apply_toml(c, "[services.music]\nprice_sats = 0\n", "t"); }),
            "services.music.price_sats");
  EXPECT_EQ(error_key([&] { apply_toml(c, "[server\n", "conf.toml"); }).rfind("conf.toml:1", 0),
            0U);
  auto bad = default_config();
  bad.public_url = "ftp://x";
  EXPECT_EQ(error_key([&] { finalize(bad); }), "public_url");
}

// Issue 21: a token could be configured to expire before its invoice.
TEST(Config, ATokenMayNotExpireBeforeItsInvoice) {
  auto short_token =
      from_toml("[l402]\ninvoice_expiry_seconds = 3600\ntoken_validity_seconds = 600\n");
  EXPECT_EQ(error_key([&] { finalize(short_token); }), "l402.token_validity_seconds");
  auto equal = from_toml("[l402]\ninvoice_expiry_seconds = 600\ntoken_validity_seconds = 600\n");
  EXPECT_EQ(error_key([&] { finalize(equal); }), "(no error)");
  auto short_service = from_toml(
      "[l402]\ninvoice_expiry_seconds = 3600\n[services.chat]\nupstream = "
      "\"https://api.example/\"\n"
      "price_sats = 1\ntoken_seconds = 120\n");
  EXPECT_EQ(error_key([&] { finalize(short_service); }), "services.chat.token_seconds");
}

TEST(Config, AServiceWithAnUpstreamSellsTheSellersOwnApi) {
  ::setenv("L402D_CONFIG_TEST_KEY", "sk-42", 1);
  const auto c = from_toml(
      "[services.chat]\nupstream = \"https://api.example/v1/\"\nmatch = \"/v1/\"\n"
      "host = \"shop.example\"\nstrip_match = true\nprice_sats = 20\nuses = 100\n"
      "token_seconds = 3600\nidle_timeout_seconds = 5\n"
      "[services.chat.headers]\nAuthorization = \"Bearer ${L402D_CONFIG_TEST_KEY}\"\n");
  const auto& s = c.services.at("chat");
  ASSERT_TRUE(s.upstream);
  EXPECT_EQ(s.upstream->url, "https://api.example/v1") << "a trailing / is dropped";
  EXPECT_EQ(s.upstream->match, "/v1/");
  EXPECT_EQ(s.upstream->host, "shop.example");
  EXPECT_TRUE(s.upstream->strip_match);
  EXPECT_EQ(s.upstream->idle_timeout_seconds, 5u);
  EXPECT_EQ(s.upstream->upload_limit_bytes, 1ULL << 30) << "1 GiB unless set";
  ASSERT_EQ(s.upstream->headers.size(), 1u);
  EXPECT_EQ(s.upstream->headers[0].second, "Bearer sk-42");
  EXPECT_EQ(s.price_sats, 20u);
  EXPECT_EQ(s.redemption, RedemptionChoice::reusable) << "the usual choice for a proxied API";
  EXPECT_EQ(s.uses, 100u);
  EXPECT_EQ(s.token_seconds, 3600u);
  const auto plain = from_toml(
      "[services.files]\nupstream = \"http://127.0.0.1:81\"\n"
      "price_sats = 1\n");
  EXPECT_EQ(plain.services.at("files").upstream->match, "/files/") << "the default prefix";
  EXPECT_EQ(plain.services.at("music").redemption, RedemptionChoice::single_use);
}

TEST(Config, UpstreamMistakesNameTheirKey) {
  auto key = [](const std::string& toml) { return error_key([&] { from_toml(toml); }); };
  const std::string head = "[services.api]\nupstream = \"http://u\"\nprice_sats = 1\n";
  EXPECT_EQ(key("[services.api]\nupstream = \"ftp://u\"\nprice_sats = 1\n"),
            "services.api.upstream");
  EXPECT_EQ(key("[services.api]\nupstream = \"http://u\"\n"), "services.api.price_sats");
  EXPECT_EQ(key(head + "match = \"v1\"\n"), "services.api.match");
  EXPECT_EQ(key(head + "engine = \"builtin\"\n"), "services.api.engine");
  EXPECT_EQ(key(head + "redemption = \"twice\"\n"), "services.api.redemption");
  EXPECT_EQ(key(head + "redemption = \"single_use\"\nuses = 3\n"), "services.api.uses");
  EXPECT_EQ(key(head + "ca_file = \"a\"\npinned_cert_file = \"b\"\n"),
            "services.api.pinned_cert_file");
  EXPECT_EQ(key(head + "[services.api.headers]\nX-Key = \"${L402D_SURELY_UNSET_VAR}\"\n"),
            "services.api.headers.X-Key");
  EXPECT_EQ(key("[services.Bad]\nupstream = \"http://u\"\nprice_sats = 1\n"), "services.Bad");
  EXPECT_EQ(key("[services.music]\nupstream = \"http://u\"\n"), "services.music.upstream")
      << "a built-in service is not a proxy";
  EXPECT_EQ(key(head + "match = \"/v1/\"\n[services.other]\nupstream = \"http://w\"\n"
                       "price_sats = 1\nmatch = \"/v1/\"\n"),
            "services.other.match")
      << "one prefix and host, two services: one would never be served";
  EXPECT_EQ(key(head + "upload_limit_bytes = -1\n"), "services.api.upload_limit_bytes");
  EXPECT_NO_THROW(from_toml(head + "match = \"/v1/\"\nhost = \"a.example\"\n"
                                   "[services.other]\nupstream = \"http://w\"\nprice_sats = 1\n"
                                   "match = \"/v1/\"\nhost = \"b.example\"\n"))
      << "the same prefix for two hosts";
}

TEST(Config, PriceRulesAndSizeChargesAreReadPerService) {
  const auto c = from_toml(
      "[services.vision]\nmax_price_sats = 40\n"
      "[[services.vision.size_charges]]\nunit = \"image_megapixels\"\nprice_msat = 2000\n"
      "[services.chat]\nupstream = \"http://u\"\nprice_sats = 5\nmin_price_sats = 2\n"
      "[[services.chat.price_rules]]\nmethod = \"POST\"\nfield = \"/model\"\n"
      "equals = \"big\"\nprice_sats = 50\n"
      "[[services.chat.size_charges]]\nunit = \"field_chars\"\nfield = \"/messages\"\n"
      "per = 1000\nprice_msat = 200\n");
  const auto& vision = c.services.at("vision").pricing;
  ASSERT_TRUE(vision);
  EXPECT_EQ(vision->max_msat, 40'000u);
  ASSERT_EQ(vision->charges.size(), 1u);
  EXPECT_EQ(vision->charges[0].unit, pricing::SizeUnit::image_megapixels);
  const auto& chat = c.services.at("chat").pricing;
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->min_msat, 2'000u);
  ASSERT_EQ(chat->rules.size(), 1u);
  EXPECT_EQ(*chat->rules[0].field, "/model");
  EXPECT_EQ(chat->rules[0].price_msat, 50'000u);
  EXPECT_EQ(chat->charges[0].per, 1000);
  EXPECT_EQ(chat->charges[0].msat_each, 200u);
  EXPECT_FALSE(c.services.at("music").pricing) << "no rules: one price";
}

TEST(Config, PriceRuleMistakesNameTheirKey) {
  auto key = [](const std::string& toml) { return error_key([&] { from_toml(toml); }); };
  EXPECT_EQ(key("[[services.music.price_rules]]\nmethod = \"POST\"\n"),
            "services.music.price_rules[0].price_sats");
  EXPECT_EQ(key("[[services.music.price_rules]]\nfield = \"model\"\nprice_sats = 1\n"),
            "services.music.price_rules[0].field");
  EXPECT_EQ(key("[[services.music.size_charges]]\nunit = \"words\"\nprice_msat = 1\n"),
            "services.music.size_charges[0].unit");
  EXPECT_EQ(key("[[services.music.size_charges]]\nunit = \"field_chars\"\nprice_msat = 1\n"),
            "services.music.size_charges[0].field");
  EXPECT_EQ(key("[[services.music.size_charges]]\nunit = \"image_megapixels\"\n"
                "price_msat = 1\n"),
            "services.music.size_charges");
  EXPECT_EQ(key("[services.music]\nmin_price_sats = 9\nmax_price_sats = 3\n"),
            "services.music.min_price_sats");
}

TEST(Config, EnvironmentOverridesToml) {
  auto c = default_config();
  apply_toml(c, "[server]\nlisten = \"127.0.0.1:9000\"\n", "t");
  apply_environment(c, {{"L402D_LISTEN", "[::1]:9100"},
                        {"L402D_MUSIC_PRICE_SATS", "42"},
                        {"L402D_DATA_DIR", "/tmp/x"}});
  finalize(c);
  EXPECT_EQ(c.server.host, "::1");
  EXPECT_EQ(c.server.port, 9100);
  EXPECT_EQ(c.public_url, "http://[::1]:9100");
  EXPECT_EQ(c.services.at("music").price_sats, 42U);
  EXPECT_EQ(c.data_dir, "/tmp/x");
  EXPECT_EQ(error_key([&] {
              apply_environment(c, {{"L402D_VISION_PRICE_SATS", "ten"}});
            }),
            "L402D_VISION_PRICE_SATS");
}

TEST(Config, TlsTurnsTheDerivedPublicUrlToHttps) {
  auto c = from_toml(R"(
[server]
listen = "0.0.0.0:8443"
tls_cert_file = "/etc/l402d/cert.pem"
tls_key_file = "/etc/l402d/key.pem"
)");
  finalize(c);
  ASSERT_TRUE(c.server.tls.has_value());
  EXPECT_EQ(c.server.tls->cert_file, "/etc/l402d/cert.pem");
  EXPECT_EQ(c.server.tls->key_file, "/etc/l402d/key.pem");
  EXPECT_EQ(c.public_url, "https://127.0.0.1:8443");

  auto plain = default_config();
  finalize(plain);
  EXPECT_FALSE(plain.server.tls.has_value());
  EXPECT_EQ(plain.public_url, "http://127.0.0.1:8402");
}

TEST(Config, TlsFilesComeInPairs) {
  auto cert_only = from_toml("[server]\ntls_cert_file = \"/c.pem\"\n");
  EXPECT_EQ(error_key([&] { finalize(cert_only); }), "server.tls_key_file");
  auto key_only = from_toml("[server]\ntls_key_file = \"/k.pem\"\n");
  EXPECT_EQ(error_key([&] { finalize(key_only); }), "server.tls_cert_file");
  auto both_empty = from_toml("[server]\ntls_cert_file = \"\"\ntls_key_file = \"\"\n");
  finalize(both_empty);
  EXPECT_FALSE(both_empty.server.tls.has_value());
}

TEST(Config, TlsFilesFromTheEnvironment) {
  auto c = from_toml("[server]\ntls_cert_file = \"/file/c.pem\"\n");
  apply_environment(c,
                    {{"L402D_TLS_CERT_FILE", "/env/c.pem"}, {"L402D_TLS_KEY_FILE", "/env/k.pem"}});
  finalize(c);
  ASSERT_TRUE(c.server.tls.has_value());
  EXPECT_EQ(c.server.tls->cert_file, "/env/c.pem");
  EXPECT_EQ(c.server.tls->key_file, "/env/k.pem");

  auto half = default_config();
  apply_environment(half, {{"L402D_TLS_KEY_FILE", "/env/k.pem"}});
  EXPECT_EQ(error_key([&] { finalize(half); }), "server.tls_cert_file");
}

TEST(Config, HostedEnginesAreConfiguredPerService) {
  auto c = default_config();
  apply_toml(c, R"(
[services.vision]
engine = "openai"
base_url = "http://127.0.0.1:8080/v1"
model = "llava"
max_tokens = 300
temperature = 0.5
[services.music]
engine = "replicate"
version = "abc"
)",
             "t");
  apply_environment(c, {{"L402D_MUSIC_API_KEY", "r8_x"}});
  EXPECT_EQ(c.services.at("vision").engine, Engine::openai);
  EXPECT_EQ(c.services.at("vision").provider.model, "llava");
  EXPECT_EQ(c.services.at("vision").provider.max_tokens, 300);
  EXPECT_DOUBLE_EQ(c.services.at("vision").provider.temperature, 0.5);
  EXPECT_EQ(c.services.at("music").engine, Engine::replicate);
  EXPECT_EQ(c.services.at("music").provider.api_key, "r8_x");
  auto d = default_config();
  EXPECT_EQ(error_key([&] { apply_toml(d, "[services.music]\nengine = \"openai\"\n", "t"); }),
            "services.music.engine");
  EXPECT_EQ(error_key([&] { apply_toml(d, "[services.vision]\nbase_url = \"ftp://x\"\n", "t"); }),
            "services.vision.base_url");
  EXPECT_EQ(error_key([&] { apply_toml(d, "[services.vision]\ntemperature = 3.0\n", "t"); }),
            "services.vision.temperature");
}

TEST(Config, BuiltinNodeHasItsOwnTypedTable) {
  auto c = from_toml(
      "[lightning]\nbackend = \"builtin\"\n[lightning.builtin]\n"
      "remembered_invoices = 100\n");
  ASSERT_TRUE(std::holds_alternative<lightning::BuiltinNodeConfig>(c.lightning_backend));
  EXPECT_EQ(std::get<lightning::BuiltinNodeConfig>(c.lightning_backend).remembered_invoices, 100U);
  // The selected backend's table works without repeating the selection.
  auto d = from_toml("[lightning.builtin]\nremembered_invoices = 7\n");
  EXPECT_EQ(std::get<lightning::BuiltinNodeConfig>(d.lightning_backend).remembered_invoices, 7U);
  EXPECT_EQ(std::get<lightning::BuiltinNodeConfig>(default_config().lightning_backend)
                .remembered_invoices,
            lightning::BuiltinNode::kRememberedInvoices);
}

TEST(Config, BackendTablesRejectUnknownKeys) {
  EXPECT_EQ(error_key([] { from_toml("[lightning.builtin]\nremembred_invoices = 1\n"); }),
            "lightning.builtin.remembred_invoices");
  EXPECT_EQ(error_key([] { from_toml("[lightning.builtin]\nremembered_invoices = 0\n"); }),
            "lightning.builtin.remembered_invoices");
  EXPECT_EQ(error_key([] { from_toml("[lightning]\nbuiltin = 1\n"); }), "lightning.builtin");
  EXPECT_EQ(error_key([] { from_toml("[lightning]\nnode = \"x\"\n"); }), "lightning.node");
  EXPECT_EQ(error_key([] { from_toml("[store.sqlite]\npool = 2\n"); }), "store.sqlite.pool");
}

TEST(Config, UnknownBackendsListTheKnownOnes) {
  EXPECT_EQ(error_key([] { from_toml("[lightning]\nbackend = \"eclair\"\n"); }),
            "lightning.backend");
  EXPECT_NE(error_text([] {
              from_toml("[lightning]\nbackend = \"eclair\"\n");
            }).find("unknown backend 'eclair' (known: builtin, lnd, cln, lnbits, phoenixd, nwc)"),
            std::string::npos);
  EXPECT_NE(error_text([] {
              from_toml("[store]\nbackend = \"mysql\"\n");
            }).find("unknown backend 'mysql' (known: sqlite, postgres)"),
            std::string::npos);
}

TEST(Config, TablesForBackendsThatDoNotExistFail) {
  EXPECT_EQ(error_key([] { from_toml("[lightning.eclair]\nhost = \"localhost:8080\"\n"); }),
            "lightning.eclair");
  EXPECT_EQ(error_key([] { from_toml("[store.mysql]\nurl = \"x\"\n"); }), "store.mysql");
  // A table of a backend that exists but is not the selected one.
  EXPECT_EQ(error_key([] { from_toml("[store.postgres]\nurl = \"postgresql:///x\"\n"); }),
            "store.postgres");
}

TEST(Config, TheLndTableAndTheNetworkItMustBeOn) {
  auto c = from_toml(
      "[lightning]\nbackend = \"lnd\"\nnetwork = \"signet\"\n[lightning.lnd]\n"
      "host = \"https://10.0.0.2:8080\"\nmacaroon_path = \"/etc/l402d/invoice.macaroon\"\n"
      "tls_cert_path = \"/etc/l402d/tls.cert\"\ntimeout_ms = 2500\n");
  const auto& lnd = std::get<lightning::LndConfig>(c.lightning_backend);
  EXPECT_EQ(lnd.host, "https://10.0.0.2:8080");
  EXPECT_EQ(lnd.macaroon_path, "/etc/l402d/invoice.macaroon");
  EXPECT_EQ(lnd.tls_cert_path, "/etc/l402d/tls.cert");
  EXPECT_EQ(lnd.timeout.count(), 2500);
  EXPECT_EQ(c.lightning_network, bolt11::Network::signet);
  // A real node needs the network said out loud; the builtin one is regtest.
  EXPECT_EQ(error_key([] { from_toml("[lightning]\nbackend = \"lnd\"\n"); }), "lightning.network");
  EXPECT_EQ(error_key([] { from_toml("[lightning]\nnetwork = \"mainnet\"\n"); }),
            "lightning.network");
  EXPECT_EQ(error_key([] { from_toml("[lightning]\nnetwork = \"moon\"\n"); }), "lightning.network");
  EXPECT_EQ(from_toml("[lightning]\nnetwork = \"regtest\"\n").lightning_network,
            bolt11::Network::regtest);
}

TEST(Config, TheClnTable) {
  auto c = from_toml(
      "[lightning]\nbackend = \"cln\"\nnetwork = \"mainnet\"\n[lightning.cln]\n"
      "host = \"https://10.0.0.3:3010/\"\nrune_path = \"/etc/l402d/cln.rune\"\n"
      "tls_ca_path = \"/etc/l402d/ca.pem\"\ntls_cert_path = \"/etc/l402d/server.pem\"\n"
      "timeout_ms = 4000\n");
  const auto& cln = std::get<lightning::ClnConfig>(c.lightning_backend);
  EXPECT_EQ(cln.host, "https://10.0.0.3:3010");
  EXPECT_EQ(cln.rune_path, "/etc/l402d/cln.rune");
  EXPECT_EQ(cln.tls_ca_path, "/etc/l402d/ca.pem");
  EXPECT_EQ(cln.tls_cert_path, "/etc/l402d/server.pem");
  EXPECT_EQ(cln.timeout.count(), 4000);
  EXPECT_EQ(lightning::ClnConfig{}.host, "https://127.0.0.1:3010");
  EXPECT_EQ(error_key([] { from_toml("[lightning]\nbackend = \"cln\"\n"); }), "lightning.network");
  EXPECT_EQ(error_key([] {
              from_toml(
                  "[lightning]\nbackend = \"cln\"\nnetwork = \"regtest\"\n"
                  "[lightning.cln]\nhost = \"127.0.0.1:3010\"\n");
            }),
            "lightning.cln.host");
  EXPECT_EQ(error_key([] {
              from_toml(
                  "[lightning]\nbackend = \"cln\"\nnetwork = \"regtest\"\n"
                  "[lightning.cln]\nrune = \"secret\"\n");
            }),
            "lightning.cln.rune");
}

TEST(Config, TheLnbitsTable) {
  auto c = from_toml(
      "[lightning]\nbackend = \"lnbits\"\nnetwork = \"signet\"\n[lightning.lnbits]\n"
      "host = \"https://lnbits.example.com\"\napi_key_path = \"/etc/l402d/lnbits.key\"\n"
      "timeout_ms = 3000\n");
  const auto& lnbits = std::get<lightning::LnbitsConfig>(c.lightning_backend);
  EXPECT_EQ(lnbits.host, "https://lnbits.example.com");
  EXPECT_EQ(lnbits.api_key_path, "/etc/l402d/lnbits.key");
  EXPECT_EQ(lnbits.timeout.count(), 3000);
  EXPECT_EQ(c.lightning_network, bolt11::Network::signet);
  EXPECT_EQ(error_key([] {
              from_toml(
                  "[lightning]\nbackend = \"lnbits\"\nnetwork = \"regtest\"\n"
                  "[lightning.lnbits]\ntimeout_ms = 1\n");
            }),
            "lightning.lnbits.timeout_ms");
}

TEST(Config, ThePhoenixdTable) {
  auto c = from_toml(
      "[lightning]\nbackend = \"phoenixd\"\nnetwork = \"testnet\"\n[lightning.phoenixd]\n"
      "host = \"http://127.0.0.1:9740\"\npassword_path = \"/home/phoenix/.phoenix/phoenix.conf\"\n"
      "timeout_ms = 2000\n");
  const auto& phoenixd = std::get<lightning::PhoenixdConfig>(c.lightning_backend);
  EXPECT_EQ(phoenixd.host, "http://127.0.0.1:9740");
  EXPECT_EQ(phoenixd.password_path, "/home/phoenix/.phoenix/phoenix.conf");
  EXPECT_EQ(phoenixd.timeout.count(), 2000);
  EXPECT_EQ(error_key([] {
              from_toml(
                  "[lightning]\nbackend = \"phoenixd\"\nnetwork = \"testnet\"\n"
                  "[lightning.lnd]\nhost = \"https://x\"\n");
            }),
            "lightning.lnd");
}

// Two backends, so that the rule for a table of a backend that is known but
// not selected is tested before a second real backend exists.
struct AlphaBackend {
  static constexpr std::string_view kName = "alpha";
  int a = 1;
};
struct BetaBackend {
  static constexpr std::string_view kName = "beta";
  int b = 2;
};
using TwoBackends = std::variant<AlphaBackend, BetaBackend>;

TwoBackends read_two(const std::string& toml, TwoBackends selected = {}) {
  const auto root = toml::parse(toml);
  TableReader section(*root.get_as<toml::table>("x"), "x.");
  read_backends(section, selected, [](TableReader& r, auto& backend) {
    if constexpr (std::is_same_v<std::decay_t<decltype(backend)>, AlphaBackend>) {
      if (auto v = r.integer<int>("a", 0, 9)) backend.a = *v;
    } else {
      if (auto v = r.integer<int>("b", 0, 9)) backend.b = *v;
    }
  });
  section.reject_unknown();
  return selected;
}

TEST(Config, ATableForABackendThatIsNotSelectedFails) {
  EXPECT_EQ(error_key([] { read_two("[x]\n[x.beta]\nb = 3\n"); }), "x.beta");
  EXPECT_NE(error_text([] {
              read_two("[x]\nbackend = \"alpha\"\n[x.beta]\nb = 3\n");
            }).find("configures backend 'beta', but x.backend is 'alpha'"),
            std::string::npos);
  auto beta = read_two("[x]\nbackend = \"beta\"\n[x.beta]\nb = 3\n");
  ASSERT_TRUE(std::holds_alternative<BetaBackend>(beta));
  EXPECT_EQ(std::get<BetaBackend>(beta).b, 3);
  EXPECT_EQ(error_key([] { read_two("[x]\nbackend = \"beta\"\n[x.beta]\na = 3\n"); }), "x.beta.a");
  EXPECT_NE(error_text([] { read_two("[x]\nbackend = \"gamma\"\n"); }).find("known: alpha, beta"),
            std::string::npos);
}

TEST(Config, ReselectingTheSameBackendKeepsEarlierSettings) {
  auto kept = read_two("[x]\nbackend = \"alpha\"\n", AlphaBackend{5});
  EXPECT_EQ(std::get<AlphaBackend>(kept).a, 5);
  auto switched = read_two("[x]\nbackend = \"beta\"\n", AlphaBackend{5});
  EXPECT_EQ(std::get<BetaBackend>(switched).b, 2);
}

TEST(Config, SqliteStoreHasItsOwnTypedTable) {
  auto c = from_toml(R"(
[store]
backend = "sqlite"
[store.sqlite]
path = "/srv/l402d/store.db"
pool_size = 8
busy_timeout_ms = 250
)");
  const auto& sqlite = std::get<store::SqliteStoreConfig>(c.store_backend);
  EXPECT_EQ(sqlite.path, "/srv/l402d/store.db");
  EXPECT_EQ(sqlite.pool_size, 8);
  EXPECT_EQ(sqlite.busy_timeout_ms, 250);
  EXPECT_EQ(error_key([] { from_toml("[store.sqlite]\npool_size = 0\n"); }),
            "store.sqlite.pool_size");
  EXPECT_EQ(error_key([] { from_toml("[store.sqlite]\npool_size = 65\n"); }),
            "store.sqlite.pool_size");
  EXPECT_EQ(error_key([] { from_toml("[store.sqlite]\nbusy_timeout_ms = -1\n"); }),
            "store.sqlite.busy_timeout_ms");
}

TEST(Config, PostgresStoreHasItsOwnTypedTable) {
  auto c = from_toml(R"(
[store]
backend = "postgres"
[store.postgres]
url = "postgresql://l402d@db.example:5432/l402d?sslmode=verify-full"
password_file = "/etc/l402d/db.password"
pool_size = 16
)");
  const auto& pg = std::get<store::PostgresStoreConfig>(c.store_backend);
  EXPECT_EQ(pg.url, "postgresql://l402d@db.example:5432/l402d?sslmode=verify-full");
  EXPECT_EQ(pg.password_file, "/etc/l402d/db.password");
  EXPECT_EQ(pg.pool_size, 16);
  const auto minimal =
      from_toml("[store]\nbackend = \"postgres\"\n[store.postgres]\nurl = \"postgres:///l402d\"\n");
  const auto& defaults = std::get<store::PostgresStoreConfig>(minimal.store_backend);
  EXPECT_TRUE(defaults.password_file.empty());
  EXPECT_EQ(defaults.pool_size, store::PostgresOptions{}.pool_size);
}

TEST(Config, PostgresStoreNeedsAUriAndKeepsItOutOfErrors) {
  EXPECT_EQ(error_key([] { from_toml("[store]\nbackend = \"postgres\"\n"); }),
            "store.postgres.url");
  const auto bad = [] {
    from_toml(
        "[store]\nbackend = \"postgres\"\n[store.postgres]\n"
        "url = \"host=db user=app password=s3cret\"\n");
  };
  EXPECT_EQ(error_key(bad), "store.postgres.url");
  EXPECT_EQ(error_text(bad).find("s3cret"), std::string::npos) << error_text(bad);
  EXPECT_EQ(error_key([] {
              from_toml(
                  "[store]\nbackend = \"postgres\"\n[store.postgres]\n"
                  "url = \"postgres:///x\"\npool_size = 0\n");
            }),
            "store.postgres.pool_size");
  EXPECT_EQ(error_key([] {
              from_toml(
                  "[store]\nbackend = \"postgres\"\n[store.postgres]\n"
                  "url = \"postgres:///x\"\npassword = \"s3cret\"\n");
            }),
            "store.postgres.password");
  EXPECT_EQ(error_key([] {
              from_toml(
                  "[store]\nbackend = \"postgres\"\nsqlite_path = \"/a.db\"\n"
                  "[store.postgres]\nurl = \"postgres:///x\"\n");
            }),
            "store.sqlite_path");
}

TEST(Config, MediaMayLiveInADirectoryInstancesShare) {
  EXPECT_TRUE(default_config().media_dir.empty());
  auto c = from_toml(
      "[store]\nbackend = \"postgres\"\nmedia_dir = \"/srv/l402d-media\"\n"
      "[store.postgres]\nurl = \"postgres:///l402d\"\n");
  EXPECT_EQ(c.media_dir, "/srv/l402d-media");
  EXPECT_EQ(error_key([] { from_toml("[store]\nmedia_dir = 3\n"); }), "store.media_dir");
}

TEST(Config, TheVisionModelFolderIsASettingOfTheVisionService) {
  EXPECT_TRUE(default_config().services.at("vision").model_dir.empty());
  auto c = from_toml("[services.vision]\nprice_sats = 10\nmodel_dir = \"/opt/l402d/vision\"\n");
  EXPECT_EQ(c.services.at("vision").model_dir, "/opt/l402d/vision");
  EXPECT_EQ(error_key([] { from_toml("[services.music]\nprice_sats = 10\nmodel_dir = \"/x\"\n"); }),
            "services.music.model_dir");
  EXPECT_EQ(error_key([] { from_toml("[services.vision]\nprice_sats = 10\nmodel_dir = 3\n"); }),
            "services.vision.model_dir");
}

TEST(Config, TheLeaseGraceIsBoundedAndDefaultsToHalfAMinute) {
  EXPECT_EQ(default_config().lease_grace_seconds, 30u);
  EXPECT_EQ(from_toml("[l402]\nlease_grace_seconds = 2\n").lease_grace_seconds, 2u);
  EXPECT_EQ(error_key([] { from_toml("[l402]\nlease_grace_seconds = 0\n"); }),
            "l402.lease_grace_seconds");
}

TEST(Config, TheOlderSqlitePathKeyStillWorks) {
  auto c = from_toml("[store]\nsqlite_path = \"/srv/old.db\"\n");
  EXPECT_EQ(std::get<store::SqliteStoreConfig>(c.store_backend).path, "/srv/old.db");
  EXPECT_EQ(error_key([] {
              from_toml("[store]\nsqlite_path = \"/a.db\"\n[store.sqlite]\npath = \"/b.db\"\n");
            }),
            "store.sqlite_path");
}

TEST(Config, PoolsAreTypedAndBounded) {
  auto d = default_config();
  EXPECT_EQ(d.pools.store_threads, 16);
  auto c = from_toml("[pools]\nstore_threads = 64\n");
  EXPECT_EQ(c.pools.store_threads, 64);
  EXPECT_EQ(error_key([] { from_toml("[pools]\nstore_threads = 0\n"); }), "pools.store_threads");
  EXPECT_EQ(error_key([] { from_toml("[pools]\nstore_threads = 65\n"); }), "pools.store_threads");
  EXPECT_EQ(error_key([] { from_toml("[pools]\nstore_threads = \"4\"\n"); }),
            "pools.store_threads");
  // Lightning calls are asynchronous now: the old pool size is an unknown key.
  EXPECT_EQ(error_key([] { from_toml("[pools]\nnode_threads = 4\n"); }), "pools.node_threads");
  EXPECT_EQ(error_key([] { from_toml("[pools]\nio_threads = 2\n"); }), "pools.io_threads");
}

TEST(Config, JobsAreTypedAndBounded) {
  auto d = default_config();
  EXPECT_EQ(d.jobs.lease_seconds, 30U);
  EXPECT_EQ(d.jobs.poll_interval_ms, 2000U);
  EXPECT_FALSE(d.jobs.allow_private_callbacks);
  EXPECT_EQ(d.jobs.callback_attempts, 6);
  auto c = from_toml(
      "[jobs]\nlease_seconds = 5\npoll_interval_ms = 250\nallow_private_callbacks = true\n"
      "callback_attempts = 1\n");
  EXPECT_EQ(c.jobs.lease_seconds, 5U);
  EXPECT_EQ(c.jobs.poll_interval_ms, 250U);
  EXPECT_TRUE(c.jobs.allow_private_callbacks);
  EXPECT_EQ(c.jobs.callback_attempts, 1);
  EXPECT_EQ(error_key([] { from_toml("[jobs]\nlease_seconds = 4\n"); }), "jobs.lease_seconds");
  EXPECT_EQ(error_key([] { from_toml("[jobs]\ncallback_attempts = 0\n"); }),
            "jobs.callback_attempts");
  EXPECT_EQ(error_key([] { from_toml("[jobs]\nallow_private_callbacks = 1\n"); }),
            "jobs.allow_private_callbacks");
  EXPECT_EQ(error_key([] { from_toml("[jobs]\nretries = 1\n"); }), "jobs.retries");
}

TEST(Config, McpTable) {
  auto d = default_config();
  EXPECT_TRUE(d.mcp.enabled);
  EXPECT_TRUE(d.mcp.allowed_origins.empty());
  auto c = from_toml("[mcp]\nenabled = false\nallowed_origins = [\"http://localhost:6274\"]\n");
  EXPECT_FALSE(c.mcp.enabled);
  EXPECT_EQ(c.mcp.allowed_origins, std::vector<std::string>{"http://localhost:6274"});
  EXPECT_EQ(error_key([] { from_toml("[mcp]\nallowed_origins = \"*\"\n"); }),
            "mcp.allowed_origins");
  EXPECT_EQ(error_key([] { from_toml("[mcp]\norigins = []\n"); }), "mcp.origins");
}

TEST(Config, RootKeysAndEnginesAreTypedChoices) {
  EXPECT_EQ(from_toml("[l402]\nroot_keys = \"derived\"\n").root_keys, RootKeyScheme::derived);
  EXPECT_NE(error_text([] {
              from_toml("[l402]\nroot_keys = \"random\"\n");
            }).find("must be one of derived, stored, got 'random'"),
            std::string::npos);
  EXPECT_EQ(error_key([] { from_toml("[services.vision]\nengine = \"replicate\"\n"); }),
            "services.vision.engine");
  EXPECT_NE(error_text([] {
              from_toml("[services.music]\nengine = \"openai\"\n");
            }).find("must be one of builtin, replicate, got 'openai'"),
            std::string::npos);
  EXPECT_EQ(to_string(Engine::openai), "openai");
  EXPECT_EQ(to_string(RootKeyScheme::stored), "stored");
}

TEST(Config, TheServicesAndTheirEnginesComeFromTheBuiltinDeclarations) {
  auto c = default_config();
  ASSERT_EQ(c.services.size(), builtin_service_defaults().size());
  for (const auto& declared : builtin_service_defaults()) {
    const auto& service = c.services.at(declared.name);
    EXPECT_EQ(service.price_sats, declared.price_sats);
    EXPECT_EQ(service.engines, declared.engines);
  }
  auto unknown = error_text([] { from_toml("[services.karaoke]\nprice_sats = 5\n"); });
  EXPECT_NE(unknown.find("unknown service (known: music, vision)"), std::string::npos) << unknown;
}

TEST(Config, AccessIsPerServiceWithALimitOnChallengesByDefault) {
  using Auth = access::AccessRules::Auth;
  const auto d = default_config();
  for (const auto& [name, service] : d.services) {
    EXPECT_EQ(service.access.auth, Auth::on) << name;
    EXPECT_EQ(service.access.challenges_per_minute, 60u) << name;
    EXPECT_TRUE(service.access.free_paths.empty()) << name;
  }
  auto c = from_toml(R"([services.vision]
auth = "freebies"
freebies_per_day = 3
free_paths = ["/health", "/v1/models/"]
challenges_per_minute = 0
[services.music]
auth = "off"
)");
  const auto& vision = c.services.at("vision").access;
  EXPECT_EQ(vision.auth, Auth::freebies);
  EXPECT_EQ(vision.free_per_day, 3u);
  EXPECT_EQ(vision.free_paths, (std::vector<std::string>{"/health", "/v1/models/"}));
  EXPECT_EQ(vision.challenges_per_minute, 0u);
  EXPECT_EQ(c.services.at("music").access.auth, Auth::off);
}

TEST(Config, AccessMistakesNameTheKey) {
  auto bad_auth = error_text([] { from_toml("[services.vision]\nauth = \"maybe\"\n"); });
  EXPECT_NE(bad_auth.find("services.vision.auth: must be one of on, off, freebies, got 'maybe'"),
            std::string::npos)
      << bad_auth;
  EXPECT_EQ(error_key([] { from_toml("[services.vision]\nauth = \"freebies\"\n"); }),
            "services.vision.freebies_per_day");
  EXPECT_EQ(error_key([] {
              from_toml("[services.vision]\nauth = \"freebies\"\nfreebies_per_day = 0\n");
            }),
            "services.vision.freebies_per_day");
  EXPECT_EQ(error_key([] { from_toml("[services.vision]\nfreebies_per_day = 5\n"); }),
            "services.vision.freebies_per_day")
      << "a count without auth = freebies does nothing";
  auto no_slash = error_text([] { from_toml("[services.vision]\nfree_paths = [\"health\"]\n"); });
  EXPECT_NE(no_slash.find("services.vision.free_paths: each path must start with '/'"),
            std::string::npos)
      << no_slash;
  EXPECT_EQ(error_key([] { from_toml("[services.vision]\nfree_paths = \"/health\"\n"); }),
            "services.vision.free_paths");
  EXPECT_EQ(error_key([] { from_toml("[services.vision]\nfree_paths = [1]\n"); }),
            "services.vision.free_paths");
  EXPECT_EQ(error_key([] { from_toml("[services.vision]\nchallenges_per_minute = -1\n"); }),
            "services.vision.challenges_per_minute");
}

}  // namespace
}  // namespace l402d::app
