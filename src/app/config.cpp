#include "app/config.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <functional>
#include <set>

extern char** environ;

namespace l402d::app {

Config default_config() {
  Config c;
  c.data_dir = default_data_dir();
  c.services["music"] = ServiceConfig{"music", 100, "builtin", 300, {}};
  c.services["vision"] = ServiceConfig{"vision", 10, "builtin", 120, {}};
  return c;
}

std::filesystem::path default_data_dir() {
  if (const char* d = std::getenv("L402D_DATA_DIR"); d && *d) return d;
  if (const char* h = std::getenv("HOME"); h && *h) return std::filesystem::path(h) / ".l402d";
  return ".l402d";
}

namespace {

template <class Int>
Int to_int(const std::string& key, std::int64_t v, Int min, Int max) {
  if (v < static_cast<std::int64_t>(min) ||
      static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(max)) {
    throw ConfigError(key, "must be between " + std::to_string(min) + " and " +
                               std::to_string(max) + ", got " + std::to_string(v));
  }
  return static_cast<Int>(v);
}

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

// Reads a TOML table with a fixed set of keys; anything else is an error.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix)
      : table_(table), prefix_(std::move(prefix)) {}

  std::string key(std::string_view k) const { return prefix_ + std::string(k); }

  std::optional<std::string> str(std::string_view k) {
    seen_.insert(std::string(k));
    auto* node = table_.get(k);
    if (!node) return std::nullopt;
    if (auto v = node->value<std::string>(); v && node->is_string()) return *v;
    throw ConfigError(key(k), "expected a string");
  }

  template <class Int>
  std::optional<Int> integer(std::string_view k, Int min, Int max) {
    seen_.insert(std::string(k));
    auto* node = table_.get(k);
    if (!node) return std::nullopt;
    if (!node->is_integer()) throw ConfigError(key(k), "expected an integer");
    return to_int<Int>(key(k), *node->value<std::int64_t>(), min, max);
  }

  const toml::table* subtable(std::string_view k) {
    seen_.insert(std::string(k));
    auto* node = table_.get(k);
    if (!node) return nullptr;
    if (!node->is_table()) throw ConfigError(key(k), "expected a table ([" + key(k) + "])");
    return node->as_table();
  }

  void mark_seen(std::string_view k) { seen_.insert(std::string(k)); }

  void reject_unknown() const {
    for (const auto& [k, v] : table_) {
      std::string name(k.str());
      if (!seen_.count(name)) throw ConfigError(key(name), "unknown key");
    }
  }

 private:
  const toml::table& table_;
  std::string prefix_;
  std::set<std::string> seen_;
};

template <class T>
void set_if(std::optional<T> v, T& out) {
  if (v) out = *v;
}

template <class Rep>
void set_ms(std::optional<std::uint32_t> v, std::chrono::duration<Rep, std::milli>& out) {
  if (v) out = std::chrono::milliseconds(*v);
}

}  // namespace

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

void apply_toml(Config& c, std::string_view text, const std::string& source_name) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw ConfigError(
        source_name + ":" + std::to_string(where.line) + ":" + std::to_string(where.column),
        std::string(e.description()));
  }
  TableReader top(root, "");
  if (auto v = top.str("data_dir")) c.data_dir = *v;
  set_if(top.str("public_url"), c.public_url);
  if (auto v = top.str("log_level")) {
    c.log_level = one_of("log_level", *v, {"trace", "debug", "info", "warn", "error", "off"});
  }

  if (const auto* t = top.subtable("server")) {
    TableReader r(*t, "server.");
    if (auto v = r.str("listen")) set_listen(c, "server.listen", *v);
    set_if(r.integer<int>("io_threads", 1, 256), c.server.io_threads);
    set_if(r.integer<int>("workers", 1, 256), c.workers);
    set_if(r.integer<std::size_t>("queue_limit", 0, 100000), c.queue_limit);
    set_if(r.integer<std::size_t>("result_cache_bytes", 0, std::size_t{1} << 40),
           c.result_cache_bytes);
    set_if(r.integer<std::uint32_t>("header_limit_bytes", 1024, 1 << 20),
           c.server.header_limit_bytes);
    set_if(r.integer<std::uint64_t>("body_limit_bytes", 1024, 1ULL << 30),
           c.server.body_limit_bytes);
    set_ms(r.integer<std::uint32_t>("read_timeout_ms", 100, 3'600'000), c.server.read_timeout);
    set_ms(r.integer<std::uint32_t>("idle_timeout_ms", 100, 3'600'000), c.server.idle_timeout);
    set_ms(r.integer<std::uint32_t>("write_timeout_ms", 100, 3'600'000), c.server.write_timeout);
    set_ms(r.integer<std::uint32_t>("shutdown_grace_ms", 0, 3'600'000), c.server.shutdown_grace);
    r.reject_unknown();
  }
  if (const auto* t = top.subtable("l402")) {
    TableReader r(*t, "l402.");
    if (auto v = r.str("root_keys"))
      c.root_keys = one_of("l402.root_keys", *v, {"derived", "stored"});
    set_if(r.integer<std::uint32_t>("invoice_expiry_seconds", 60, 7 * 86400),
           c.invoice_expiry_seconds);
    set_if(r.integer<std::uint32_t>("token_validity_seconds", 60, 365 * 86400),
           c.token_validity_seconds);
    set_if(r.integer<std::uint32_t>("result_retention_seconds", 0, 365 * 86400),
           c.result_retention_seconds);
    r.reject_unknown();
  }
  if (const auto* t = top.subtable("lightning")) {
    TableReader r(*t, "lightning.");
    if (auto v = r.str("backend"))
      c.lightning_backend = one_of("lightning.backend", *v, {"builtin"});
    r.reject_unknown();
  }
  if (const auto* t = top.subtable("store")) {
    TableReader r(*t, "store.");
    if (auto v = r.str("backend")) c.store_backend = one_of("store.backend", *v, {"sqlite"});
    if (auto v = r.str("sqlite_path")) c.sqlite_path = *v;
    r.reject_unknown();
  }
  if (const auto* t = top.subtable("services")) {
    for (const auto& [name_key, node] : *t) {
      std::string name(name_key.str());
      std::string prefix = "services." + name + ".";
      auto it = c.services.find(name);
      if (it == c.services.end()) {
        throw ConfigError("services." + name, "unknown service (known: music, vision)");
      }
      if (!node.is_table()) throw ConfigError("services." + name, "expected a table");
      TableReader r(*node.as_table(), prefix);
      set_if(r.integer<std::uint64_t>("price_sats", 1, 21'000'000ULL * 100'000'000ULL),
             it->second.price_sats);
      auto& svc = it->second;
      if (auto v = r.str("engine")) {
        svc.engine = name == "music" ? one_of(prefix + "engine", *v, {"builtin", "replicate"})
                                     : one_of(prefix + "engine", *v, {"builtin", "openai"});
      }
      set_if(r.integer<std::uint32_t>("timeout_seconds", 1, 3600), svc.timeout_seconds);
      if (auto v = r.str("base_url")) {
        if (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0) {
          throw ConfigError(prefix + "base_url", "must start with http:// or https://");
        }
        svc.provider.base_url = *v;
      }
      set_if(r.str("api_key"), svc.provider.api_key);
      set_if(r.str("model"), svc.provider.model);
      set_if(r.str("version"), svc.provider.version);
      set_if(r.integer<int>("max_tokens", 1, 1'000'000), svc.provider.max_tokens);
      if (const auto* temp = node.as_table()->get("temperature")) {
        auto value = temp->value<double>();
        if (!value || *value < 0 || *value > 2) {
          throw ConfigError(prefix + "temperature", "must be a number from 0 to 2");
        }
        svc.provider.temperature = *value;
      }
      r.mark_seen("temperature");
      r.reject_unknown();
    }
  }
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

void finalize(Config& c) {
  if (c.data_dir.empty()) throw ConfigError("data_dir", "must not be empty");
  if (c.public_url.empty()) {
    std::string host = c.server.host;
    if (host == "0.0.0.0" || host == "::") host = "127.0.0.1";
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    c.public_url = "http://" + host + ":" + std::to_string(c.server.port);
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
