#include "app/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <span>

#include "app/builtin_services.hpp"
#include "app/config_tables.hpp"
#include "app/pricing_config.hpp"
#include "app/upstream_config.hpp"
#include "bolt11/network_name.hpp"

extern char** environ;

namespace l402d::app {

std::string_view to_string(RootKeyScheme s) {
  switch (s) {
    case RootKeyScheme::derived:
      return "derived";
    case RootKeyScheme::stored:
      return "stored";
  }
  return "unknown";
}

std::string_view to_string(Engine e) {
  switch (e) {
    case Engine::builtin:
      return "builtin";
    case Engine::replicate:
      return "replicate";
    case Engine::openai:
      return "openai";
  }
  return "unknown";
}

Config default_config() {
  Config c;
  c.data_dir = default_data_dir();
  for (auto& service : builtin_service_defaults())
    c.services[service.name] = std::move(service);
  return c;
}

std::filesystem::path default_data_dir() {
  if (const char* d = std::getenv("L402D_DATA_DIR"); d && *d) return d;
  if (const char* h = std::getenv("HOME"); h && *h) return std::filesystem::path(h) / ".l402d";
  return ".l402d";
}

namespace {

template <class Int>
Int parse_int(const std::string& key, std::string_view text, Int min, Int max) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) {
    throw ConfigError(key, "expected an integer, got '" + std::string(text) + "'");
  }
  return to_int<Int>(key, v, min, max);
}

std::string one_of(const std::string& key, const std::string& value,
                   std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return value;
    if (!list.empty()) list += ", ";
    list += a;
  }
  throw ConfigError(key, "must be one of " + list + ", got '" + value + "'");
}

// The typed counterpart of one_of: `to_string` names each allowed value.
template <class Enum>
Enum parse_choice(const std::string& key, const std::string& value, std::span<const Enum> allowed) {
  std::string list;
  for (Enum a : allowed) {
    if (value == to_string(a)) return a;
    if (!list.empty()) list += ", ";
    list += to_string(a);
  }
  throw ConfigError(key, "must be one of " + list + ", got '" + value + "'");
}

template <class Enum>
Enum parse_choice(const std::string& key, const std::string& value,
                  std::initializer_list<Enum> allowed) {
  return parse_choice(key, value, std::span<const Enum>(allowed.begin(), allowed.size()));
}

template <class T>
void set_if(std::optional<T> v, T& out) {
  if (v) out = *v;
}

template <class Rep>
void set_ms(std::optional<std::uint32_t> v, std::chrono::duration<Rep, std::milli>& out) {
  if (v) out = std::chrono::milliseconds(*v);
}

}  // namespace

std::string listen_scheme(const Config& config) {
  return config.server.tls ? "https://" : "http://";
}

std::string local_url(const Config& config, std::uint16_t port) {
  std::string host = config.server.host;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return listen_scheme(config) + host + ":" + std::to_string(port);
}

void set_listen(Config& config, const std::string& key, std::string_view value) {
  std::string_view host;
  std::string_view port;
  if (!value.empty() && value.front() == '[') {
    auto close = value.find(']');
    if (close == std::string_view::npos || close + 1 >= value.size() || value[close + 1] != ':') {
      throw ConfigError(key, "expected [IPv6]:PORT, got '" + std::string(value) + "'");
    }
    host = value.substr(1, close - 1);
    port = value.substr(close + 2);
  } else {
    auto colon = value.rfind(':');
    if (colon == std::string_view::npos) {
      throw ConfigError(key, "expected HOST:PORT, got '" + std::string(value) + "'");
    }
    host = value.substr(0, colon);
    port = value.substr(colon + 1);
  }
  if (host.empty()) throw ConfigError(key, "the host is empty (use 0.0.0.0 for all addresses)");
  config.server.host = std::string(host);
  config.server.port = parse_int<std::uint16_t>(key, port, 0, 65535);
}

namespace {

// One of the pair, from any source; finalize() checks that both are there.
void set_tls_file(Config& c, std::string http::TlsFiles::*file, const std::string& value) {
  if (!c.server.tls) c.server.tls.emplace();
  (*c.server.tls).*file = value;
}

void read_server(TableReader& r, Config& c) {
  if (auto v = r.str("listen")) set_listen(c, "server.listen", *v);
  set_if(r.integer<int>("io_threads", 1, 256), c.server.io_threads);
  set_if(r.integer<int>("workers", 1, 256), c.workers);
  set_if(r.integer<std::size_t>("queue_limit", 0, 100000), c.queue_limit);
  set_if(r.boolean("web_page"), c.web_page);
  set_if(r.integer<std::size_t>("result_cache_bytes", 0, std::size_t{1} << 40),
         c.result_cache_bytes);
  set_if(r.integer<std::uint32_t>("header_limit_bytes", 1024, 1 << 20),
         c.server.header_limit_bytes);
  set_if(r.integer<std::uint64_t>("body_limit_bytes", 1024, 1ULL << 30), c.server.body_limit_bytes);
  set_ms(r.integer<std::uint32_t>("read_timeout_ms", 100, 3'600'000), c.server.read_timeout);
  set_ms(r.integer<std::uint32_t>("idle_timeout_ms", 100, 3'600'000), c.server.idle_timeout);
  set_ms(r.integer<std::uint32_t>("write_timeout_ms", 100, 3'600'000), c.server.write_timeout);
  set_ms(r.integer<std::uint32_t>("shutdown_grace_ms", 0, 3'600'000), c.server.shutdown_grace);
  set_if(r.integer<std::size_t>("max_connections", 0, 10'000'000), c.server.max_connections);
  if (auto v = r.str("tls_cert_file")) set_tls_file(c, &http::TlsFiles::cert_file, *v);
  if (auto v = r.str("tls_key_file")) set_tls_file(c, &http::TlsFiles::key_file, *v);
}

void read_l402(TableReader& r, Config& c) {
  if (auto v = r.str("root_keys")) {
    c.root_keys =
        parse_choice(r.key("root_keys"), *v, {RootKeyScheme::derived, RootKeyScheme::stored});
  }
  set_if(r.integer<std::uint32_t>("invoice_expiry_seconds", 60, 7 * 86400),
         c.invoice_expiry_seconds);
  set_if(r.integer<std::uint32_t>("token_validity_seconds", 60, 365 * 86400),
         c.token_validity_seconds);
  set_if(r.integer<std::uint32_t>("result_retention_seconds", 0, 365 * 86400),
         c.result_retention_seconds);
  set_if(r.integer<std::uint32_t>("lease_grace_seconds", 1, 3600), c.lease_grace_seconds);
}

void read_rails(TableReader& r, Config& c) {
  set_if(r.boolean("l402"), c.rails.l402);
  set_if(r.boolean("mpp"), c.rails.mpp);
  set_if(r.boolean("x402"), c.rails.x402);
  set_if(r.boolean("l402_token_param"), c.l402_token_param);
  set_if(r.integer<std::uint32_t>("mpp_challenge_seconds", 60, 7 * 86400), c.mpp_challenge_seconds);
  if (!c.rails.l402 && !c.rails.mpp && !c.rails.x402) {
    throw ConfigError("rails", "at least one of l402, mpp and x402 must be on");
  }
}

// One overload per backend: its [<section>.<name>] table.
void read_backend_table(TableReader& r, lightning::BuiltinNodeConfig& b) {
  // About 80 bytes each: the cap keeps the ring under a few hundred MB.
  set_if(r.integer<std::size_t>("remembered_invoices", 1, std::size_t{1} << 22),
         b.remembered_invoices);
}

void read_backend_table(TableReader& r, store::SqliteStoreConfig& s) {
  if (auto v = r.str("path")) s.path = *v;
  set_if(r.integer<int>("pool_size", 1, 64), s.pool_size);
  set_if(r.integer<int>("busy_timeout_ms", 0, 600'000), s.busy_timeout_ms);
}

void read_backend_table(TableReader& r, store::PostgresStoreConfig& p) {
  if (auto v = r.str("url")) {
    // Only the URI form: its password, if any, sits where redaction finds it.
    if (v->rfind("postgresql://", 0) != 0 && v->rfind("postgres://", 0) != 0) {
      throw ConfigError(r.key("url"), "must start with postgresql:// or postgres://");
    }
    p.url = *v;
  }
  if (auto v = r.str("password_file")) p.password_file = *v;
  set_if(r.integer<int>("pool_size", 1, 64), p.pool_size);
}

void read_backend_table(TableReader& r, lightning::LndConfig& l) {
  if (auto v = r.str("host")) l.host = *v;
  if (auto v = r.str("macaroon_path")) l.macaroon_path = *v;
  if (auto v = r.str("tls_cert_path")) l.tls_cert_path = *v;
  set_ms(r.integer<std::uint32_t>("timeout_ms", 100, 600'000), l.timeout);
}

// A node's base URL: http(s), without the trailing slash paths are appended to.
void read_node_host(TableReader& r, std::string& host) {
  auto v = r.str("host");
  if (!v) return;
  if (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0) {
    throw ConfigError(r.key("host"), "must start with http:// or https://, got '" + *v + "'");
  }
  while (v->back() == '/')
    v->pop_back();
  host = *v;
}

void read_backend_table(TableReader& r, lightning::ClnConfig& c) {
  read_node_host(r, c.host);
  if (auto v = r.str("rune_path")) c.rune_path = *v;
  if (auto v = r.str("tls_ca_path")) c.tls_ca_path = *v;
  if (auto v = r.str("tls_cert_path")) c.tls_cert_path = *v;
  set_ms(r.integer<std::uint32_t>("timeout_ms", 100, 600'000), c.timeout);
}

void read_backend_table(TableReader& r, lightning::LnbitsConfig& l) {
  read_node_host(r, l.host);
  if (auto v = r.str("api_key_path")) l.api_key_path = *v;
  set_ms(r.integer<std::uint32_t>("timeout_ms", 100, 600'000), l.timeout);
}

void read_backend_table(TableReader& r, lightning::PhoenixdConfig& p) {
  read_node_host(r, p.host);
  if (auto v = r.str("password_path")) p.password_path = *v;
  set_ms(r.integer<std::uint32_t>("timeout_ms", 100, 600'000), p.timeout);
}

void read_backend_table(TableReader& r, lightning::NwcConfig& n) {
  if (auto v = r.str("uri_path")) n.uri_path = *v;
  if (auto v = r.str("relay_tls_cert_path")) n.relay_tls_cert_path = *v;
  set_ms(r.integer<std::uint32_t>("timeout_ms", 100, 600'000), n.timeout);
}

const auto read_backend = [](TableReader& r, auto& backend) { read_backend_table(r, backend); };

void read_lightning(TableReader& r, Config& c) {
  if (auto v = r.str("network")) {
    c.lightning_network = bolt11::parse_network(*v);
    if (!c.lightning_network) {
      throw ConfigError(r.key("network"), "is one of mainnet, testnet, signet, regtest");
    }
  }
  read_backends(r, c.lightning_backend, read_backend);
  const bool builtin = std::holds_alternative<lightning::BuiltinNodeConfig>(c.lightning_backend);
  if (builtin && c.lightning_network && *c.lightning_network != bolt11::Network::regtest) {
    throw ConfigError(r.key("network"), "the builtin development node is on regtest only");
  }
  if (!builtin && !c.lightning_network) {
    throw ConfigError(r.key("network"),
                      "say which network the node is on (mainnet, testnet, signet or regtest): "
                      "l402d refuses a node on another one");
  }
}

// [store] sqlite_path predates [store.sqlite] path; old files keep working.
void read_legacy_sqlite_path(TableReader& r, const toml::table& t, Config& c) {
  auto v = r.str("sqlite_path");
  if (!v) return;
  auto* sqlite = std::get_if<store::SqliteStoreConfig>(&c.store_backend);
  if (!sqlite) throw ConfigError(r.key("sqlite_path"), "needs store.backend = \"sqlite\"");
  if (const auto* st = t.get_as<toml::table>("sqlite"); st && st->contains("path")) {
    throw ConfigError(r.key("sqlite_path"), "set store.sqlite.path or this, not both");
  }
  sqlite->path = *v;
}

void read_store(TableReader& r, const toml::table& t, Config& c) {
  read_backends(r, c.store_backend, read_backend);
  read_legacy_sqlite_path(r, t, c);
  if (auto v = r.str("media_dir")) c.media_dir = *v;
  const auto* postgres = std::get_if<store::PostgresStoreConfig>(&c.store_backend);
  if (postgres && postgres->url.empty()) {
    throw ConfigError(r.key("postgres") + ".url", "is required with store.backend = \"postgres\"");
  }
}

void read_pools(TableReader& r, Config& c) {
  set_if(r.integer<int>("store_threads", 1, 64), c.pools.store_threads);
}

void read_mcp(TableReader& r, Config& c) {
  set_if(r.boolean("enabled"), c.mcp.enabled);
  set_if(r.strings("allowed_origins"), c.mcp.allowed_origins);
}

void read_jobs(TableReader& r, Config& c) {
  set_if(r.integer<std::uint32_t>("lease_seconds", 5, 3600), c.jobs.lease_seconds);
  set_if(r.integer<std::uint32_t>("poll_interval_ms", 100, 600'000), c.jobs.poll_interval_ms);
  set_if(r.boolean("allow_private_callbacks"), c.jobs.allow_private_callbacks);
  set_if(r.integer<int>("callback_attempts", 1, 20), c.jobs.callback_attempts);
}

std::string known_services(const Config& c) {
  std::string names;
  for (const auto& [name, service] : c.services)
    names += (names.empty() ? "" : ", ") + name;
  return names;
}

void read_provider(TableReader& r, const toml::table& t, ProviderConfig& p) {
  if (auto v = r.str("base_url")) {
    if (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0) {
      throw ConfigError(r.key("base_url"), "must start with http:// or https://");
    }
    p.base_url = *v;
  }
  set_if(r.str("api_key"), p.api_key);
  set_if(r.str("model"), p.model);
  set_if(r.str("version"), p.version);
  set_if(r.integer<int>("max_tokens", 1, 1'000'000), p.max_tokens);
  if (const auto* temp = t.get("temperature")) {
    auto value = temp->value<double>();
    if (!value || *value < 0 || *value > 2) {
      throw ConfigError(r.key("temperature"), "must be a number from 0 to 2");
    }
    p.temperature = *value;
  }
  r.mark_seen("temperature");
}

std::vector<std::string> checked_paths(const std::string& key, std::vector<std::string> paths) {
  for (const auto& p : paths)
    if (p.empty() || p.front() != '/')
      throw ConfigError(key, "each path must start with '/', got '" + p + "'");
  return paths;
}

// [services.NAME] auth, freebies_per_day, free_paths, challenges_per_minute.
void read_access(TableReader& r, access::AccessRules& a) {
  using Auth = access::AccessRules::Auth;
  if (auto v = r.str("auth"))
    a.auth = parse_choice(r.key("auth"), *v, {Auth::on, Auth::off, Auth::freebies});
  const auto per_day = r.integer<std::uint32_t>("freebies_per_day", 1, 1'000'000);
  set_if(per_day, a.free_per_day);
  if (per_day && a.auth != Auth::freebies)
    throw ConfigError(r.key("freebies_per_day"), "has no effect unless auth = \"freebies\"");
  if (a.auth == Auth::freebies && a.free_per_day == 0)
    throw ConfigError(r.key("freebies_per_day"), "auth = \"freebies\" needs freebies_per_day >= 1");
  if (auto paths = r.strings("free_paths"))
    a.free_paths = checked_paths(r.key("free_paths"), std::move(*paths));
  set_if(r.integer<std::uint32_t>("challenges_per_minute", 0, 1'000'000), a.challenges_per_minute);
}

std::optional<std::string> environment_variable(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

void read_service(const std::string& name, const toml::node& node, ServiceConfig& svc) {
  if (!node.is_table()) throw ConfigError("services." + name, "expected a table");
  const auto& t = *node.as_table();
  TableReader r(t, "services." + name + ".");
  const bool builtin = !svc.engines.empty();
  read_upstream(r, svc, environment_variable);
  if (builtin && svc.upstream) {
    throw ConfigError(r.key("upstream"),
                      "'" + name + "' is a built-in service; give the proxied API another name");
  }
  set_if(r.integer<std::uint64_t>("price_sats", 1, 21'000'000ULL * 100'000'000ULL), svc.price_sats);
  if (svc.price_sats == 0) throw ConfigError(r.key("price_sats"), "is required");
  if (builtin) {
    if (auto v = r.str("engine"))
      svc.engine = parse_choice(r.key("engine"), *v, std::span<const Engine>(svc.engines));
    read_provider(r, t, svc.provider);
    // Only the builtin vision engine has model files of its own.
    if (name == "vision") set_if(r.str("model_dir"), svc.model_dir);
  }
  set_if(r.integer<std::uint32_t>("timeout_seconds", 1, 3600), svc.timeout_seconds);
  read_redemption(r, svc);
  read_pricing(r, t, svc);
  read_access(r, svc.access);
  r.reject_unknown();
}

// Two proxied services on one prefix and host would leave one of them never
// served, chosen only by name order: a mistake the seller should hear of now.
void refuse_shared_routes(const Config& c) {
  std::map<std::pair<std::string, std::string>, std::string> seen;
  for (const auto& [name, svc] : c.services) {
    if (!svc.upstream) continue;
    std::string host = svc.upstream->host;
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    const auto key = std::make_pair(svc.upstream->match, host);
    auto [it, fresh] = seen.emplace(key, name);
    if (!fresh) {
      throw ConfigError("services." + name + ".match",
                        "\"" + key.first + "\" is already served by services." + it->second +
                            (key.second.empty() ? "" : " for host " + key.second));
    }
  }
}

void read_services(const toml::table& t, Config& c) {
  for (const auto& [name_key, node] : t) {
    std::string name(name_key.str());
    auto it = c.services.find(name);
    if (it == c.services.end()) {
      if (!node.is_table() || !node.as_table()->contains("upstream")) {
        throw ConfigError("services." + name, "unknown service (known: " + known_services(c) +
                                                  "); a new service needs an upstream URL");
      }
      if (!valid_service_name(name)) {
        throw ConfigError("services." + name, "a service name is 1 to 64 of a-z, 0-9, '-' and '_'");
      }
      ServiceConfig fresh;
      fresh.name = name;
      fresh.engines.clear();
      it = c.services.emplace(name, std::move(fresh)).first;
    }
    read_service(name, node, it->second);
  }
  refuse_shared_routes(c);
}

// Runs `read` on [name] when the document has it, then rejects keys it did not read.
template <class Read>
void with_table(TableReader& top, std::string_view name, Read read) {
  const auto* t = top.subtable(name);
  if (!t) return;
  TableReader r(*t, std::string(name) + ".");
  read(r, *t);
  r.reject_unknown();
}

toml::table parse_toml(std::string_view text, const std::string& source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw ConfigError(
        source_name + ":" + std::to_string(where.line) + ":" + std::to_string(where.column),
        std::string(e.description()));
  }
}

}  // namespace

void apply_toml(Config& c, std::string_view text, const std::string& source_name) {
  const toml::table root = parse_toml(text, source_name);
  TableReader top(root, "");
  if (auto v = top.str("data_dir")) c.data_dir = *v;
  set_if(top.str("public_url"), c.public_url);
  if (auto v = top.str("log_level")) {
    c.log_level = one_of("log_level", *v, {"trace", "debug", "info", "warn", "error", "off"});
  }
  with_table(top, "server", [&](TableReader& r, const toml::table&) { read_server(r, c); });
  with_table(top, "l402", [&](TableReader& r, const toml::table&) { read_l402(r, c); });
  with_table(top, "rails", [&](TableReader& r, const toml::table&) { read_rails(r, c); });
  with_table(top, "lightning", [&](TableReader& r, const toml::table&) { read_lightning(r, c); });
  with_table(top, "store", [&](TableReader& r, const toml::table& t) { read_store(r, t, c); });
  with_table(top, "pools", [&](TableReader& r, const toml::table&) { read_pools(r, c); });
  with_table(top, "jobs", [&](TableReader& r, const toml::table&) { read_jobs(r, c); });
  with_table(top, "mcp", [&](TableReader& r, const toml::table&) { read_mcp(r, c); });
  if (const auto* t = top.subtable("services")) read_services(*t, c);
  top.reject_unknown();
}

std::map<std::string, std::string> current_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    if (kv.substr(0, 6) != "L402D_") continue;
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

void apply_environment(Config& c, const std::map<std::string, std::string>& env) {
  auto get = [&](const char* k) -> const std::string* {
    auto it = env.find(k);
    return it == env.end() ? nullptr : &it->second;
  };
  if (auto* v = get("L402D_DATA_DIR")) c.data_dir = *v;
  if (auto* v = get("L402D_LISTEN")) set_listen(c, "L402D_LISTEN", *v);
  if (auto* v = get("L402D_PUBLIC_URL")) c.public_url = *v;
  if (auto* v = get("L402D_LOG_LEVEL")) {
    c.log_level = one_of("L402D_LOG_LEVEL", *v, {"trace", "debug", "info", "warn", "error", "off"});
  }
  if (auto* v = get("L402D_WORKERS")) c.workers = parse_int<int>("L402D_WORKERS", *v, 1, 256);
  if (auto* v = get("L402D_TLS_CERT_FILE")) set_tls_file(c, &http::TlsFiles::cert_file, *v);
  if (auto* v = get("L402D_TLS_KEY_FILE")) set_tls_file(c, &http::TlsFiles::key_file, *v);
  for (auto& [name, svc] : c.services) {
    std::string upper;
    for (char ch : name)
      upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    std::string key = "L402D_" + upper + "_PRICE_SATS";
    if (auto* v = get(key.c_str())) {
      svc.price_sats = parse_int<std::uint64_t>(key, *v, 1, 2'100'000'000'000'000ULL);
    }
    // Keys are better kept out of files that get copied around.
    if (auto* v = get(("L402D_" + upper + "_API_KEY").c_str())) svc.provider.api_key = *v;
  }
}

namespace {

// A certificate without its key (or the reverse) is a half-done set-up, not
// a request for plain HTTP; both empty is plain HTTP.
void check_tls_pair(std::optional<http::TlsFiles>& tls) {
  if (!tls) return;
  if (tls->cert_file.empty() && tls->key_file.empty()) {
    tls.reset();
    return;
  }
  if (tls->cert_file.empty()) {
    throw ConfigError("server.tls_cert_file", "set it with server.tls_key_file, or neither");
  }
  if (tls->key_file.empty()) {
    throw ConfigError("server.tls_key_file", "set it with server.tls_cert_file, or neither");
  }
}

}  // namespace

// A token that can expire before its invoice does could be paid for after it
// is already useless: the buyer would pay and get 402 back.
void check_token_outlives_invoice(const Config& c) {
  const auto too_short = [&](std::uint32_t seconds) { return seconds < c.invoice_expiry_seconds; };
  const std::string why = " must not be shorter than l402.invoice_expiry_seconds (" +
                          std::to_string(c.invoice_expiry_seconds) +
                          "): a buyer could pay for a token that has already expired";
  if (too_short(c.token_validity_seconds)) {
    throw ConfigError("l402.token_validity_seconds",
                      std::to_string(c.token_validity_seconds) + why);
  }
  for (const auto& [name, service] : c.services) {
    if (service.token_seconds != 0 && too_short(service.token_seconds)) {
      throw ConfigError("services." + name + ".token_seconds",
                        std::to_string(service.token_seconds) + why);
    }
  }
}

void finalize(Config& c) {
  if (c.data_dir.empty()) throw ConfigError("data_dir", "must not be empty");
  check_tls_pair(c.server.tls);
  check_token_outlives_invoice(c);
  if (c.public_url.empty()) {
    c.public_url = local_url(c, c.server.port);
    c.public_url_from_listen = true;
  }
  while (!c.public_url.empty() && c.public_url.back() == '/')
    c.public_url.pop_back();
  if (c.public_url.rfind("http://", 0) != 0 && c.public_url.rfind("https://", 0) != 0) {
    throw ConfigError("public_url",
                      "must start with http:// or https://, got '" + c.public_url + "'");
  }
}

}  // namespace l402d::app
