#include "app/config.hpp"

#include <gtest/gtest.h>

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

TEST(Config, DefaultsServeBothSeedServicesLocally) {
  auto c = default_config();
  finalize(c);
  EXPECT_EQ(c.server.host, "127.0.0.1");
  EXPECT_EQ(c.server.port, 8402);
  EXPECT_EQ(c.public_url, "http://127.0.0.1:8402");
  EXPECT_EQ(c.services.count("music"), 1U);
  EXPECT_EQ(c.services.count("vision"), 1U);
  EXPECT_EQ(c.lightning_backend, "builtin");
  EXPECT_EQ(c.sqlite_file(), c.data_dir / "l402d.db");
  EXPECT_EQ(c.server.body_limit_bytes, 16ULL * 1024 * 1024);
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
  EXPECT_EQ(c.server.read_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(c.root_keys, "stored");
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
  EXPECT_EQ(c.services.at("vision").engine, "openai");
  EXPECT_EQ(c.services.at("vision").provider.model, "llava");
  EXPECT_EQ(c.services.at("vision").provider.max_tokens, 300);
  EXPECT_DOUBLE_EQ(c.services.at("vision").provider.temperature, 0.5);
  EXPECT_EQ(c.services.at("music").engine, "replicate");
  EXPECT_EQ(c.services.at("music").provider.api_key, "r8_x");
  auto d = default_config();
  EXPECT_EQ(error_key([&] { apply_toml(d, "[services.music]\nengine = \"openai\"\n", "t"); }),
            "services.music.engine");
  EXPECT_EQ(error_key([&] { apply_toml(d, "[services.vision]\nbase_url = \"ftp://x\"\n", "t"); }),
            "services.vision.base_url");
  EXPECT_EQ(error_key([&] { apply_toml(d, "[services.vision]\ntemperature = 3.0\n", "t"); }),
            "services.vision.temperature");
}

}  // namespace
}  // namespace l402d::app
