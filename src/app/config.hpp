#pragma once

// l402d's configuration: embedded defaults, then a TOML file (--config), then
// environment variables (L402D_*), then command-line flags, each overriding the
// one before. Every key is documented in docs/configuration.md and by
// `l402d --help`. A bad value fails at start with a ConfigError naming the key.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "access/access_rules.hpp"
#include "http/server.hpp"
#include "lightning/backend_factory.hpp"
#include "paywall/rails.hpp"
#include "pricing/price_list.hpp"
#include "store/store_factory.hpp"

namespace l402d::app {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::string& key, const std::string& problem)
      : std::runtime_error("config: " + key + ": " + problem), key_(key) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

// Where root keys come from (docs/l402.md): derived from the server secret, or
// a random key per token stored before the challenge leaves (Aperture's).
enum class RootKeyScheme { derived, stored };
std::string_view to_string(RootKeyScheme s);

// What does a service's work. Which ones a service accepts is declared with the
// service (ServiceConfig::engines) and checked when the config is read.
enum class Engine { builtin, replicate, openai };
std::string_view to_string(Engine e);

// A hosted engine: Replicate for music, any OpenAI-compatible API for vision.
struct ProviderConfig {
  std::string base_url;  // empty: the provider's public default
  std::string api_key;   // never logged; also from L402D_<SERVICE>_API_KEY
  std::string model;     // empty: the provider's default
  std::string version;   // Replicate: pin a model version
  int max_tokens = 512;  // OpenAI-compatible
  double temperature = 0.2;
};

// A seller's own API sold through l402d ([services.NAME] with `upstream`).
struct UpstreamConfig {
  std::string url;                          // http:// or https://, optionally with a base path
  std::string match;                        // path prefix routed to it, e.g. "/v1/"
  std::string host;                         // only requests for this Host; empty: any
  bool strip_match = false;                 // forward "/v1/x" as "/x"
  std::uint32_t idle_timeout_seconds = 60;  // connect and head, then between body pieces
  // Uploads larger than [server] body_limit_bytes, up to this, are forwarded
  // as they arrive where the service allows it (docs/proxy.md).
  std::uint64_t upload_limit_bytes = 1ULL << 30;
  std::string ca_file;           // https: trust only these CAs
  std::string pinned_cert_file;  // https: the upstream must present this certificate
  // Added to every forwarded request, replacing the buyer's ("${VAR}" is read
  // from the environment when the config is read). Never logged.
  std::vector<std::pair<std::string, std::string>> headers;
};

enum class RedemptionChoice { single_use, reusable };

struct ServiceConfig {
  std::string name;  // the path is /api/l402/<name>
  std::uint64_t price_sats = 0;
  Engine engine = Engine::builtin;
  std::vector<Engine> engines = {Engine::builtin};  // the engines this service can run on
  std::uint32_t timeout_seconds = 300;              // the longest one job may run
  ProviderConfig provider;
  // [services.vision] model_dir: the builtin vision engine's converted models
  // (src/engines/vision/models/fetch-models writes them). Empty: the folder
  // the build was configured with (CMake's L402D_VISION_MODEL_DIR).
  std::string model_dir = {};
  std::optional<UpstreamConfig> upstream = std::nullopt;  // set: a proxied API, no engine
  std::string description = {};
  // Built-in services default to single-use tokens, proxied ones to reusable.
  RedemptionChoice redemption = RedemptionChoice::single_use;
  std::uint32_t uses = 0;           // reusable: requests per token; 0: any number
  std::uint32_t token_seconds = 0;  // reusable: token lifetime; 0: token_validity_seconds
  // Rules that make the price depend on the request (base_msat unused: the
  // base is price_sats). Empty: price_sats for every request.
  std::optional<pricing::PriceList> pricing = std::nullopt;
  // auth, freebies_per_day, free_paths, challenges_per_minute (docs/access.md).
  access::AccessRules access = {};
};

// Threads for work that blocks. Lightning node calls need none: backends are
// asynchronous and wait on the I/O threads' event loops.
struct PoolsConfig {
  // Store writes (tokens, results, stored root keys, /dev/pay). A thread
  // waiting on a database round trip costs little, and on PostgreSQL the
  // number of threads is the number of uses that can share one trip.
  int store_threads = 16;
};

// [jobs]: paid requests answered with 202 and worked on in the background
// (docs/jobs.md).
struct JobsConfig {
  // A job's lease, renewed while it runs: a job whose instance died is
  // resumed by another (or by this one restarted) about this long after.
  std::uint32_t lease_seconds = 30;
  std::uint32_t poll_interval_ms = 2000;  // what buyers are told to wait between polls
  // Callbacks to loopback, private and link-local addresses are refused
  // unless this is set (a buyer must not make l402d reach its own network).
  bool allow_private_callbacks = false;
  int callback_attempts = 6;
};

// [mcp]: the remote MCP server at POST /mcp (docs/mcp.md).
struct McpConfig {
  bool enabled = true;
  // Browser origins allowed besides the public URL's ("*": any). Requests
  // without Origin (every non-browser client) are always taken.
  std::vector<std::string> allowed_origins;
};

struct Config {
  std::filesystem::path data_dir;  // keys, database, media
  http::ServerOptions server;
  std::string public_url;                      // base of absolute URLs we hand out (audioUrl)
  bool public_url_from_listen = false;         // derived by finalize(): follows the bound port
  int workers = 2;                             // engine worker threads
  std::size_t queue_limit = 8;                 // waiting jobs beyond which new challenges get 503
  std::size_t result_cache_bytes = 64u << 20;  // redeemed results kept in memory for replays
  std::string log_level = "info";
  // GET /, /web/* and /qr.svg: the buyer's web page. Off for a seller whose
  // proxied API owns those paths (an upstream matched at "/").
  bool web_page = true;

  RootKeyScheme root_keys = RootKeyScheme::derived;
  std::uint32_t invoice_expiry_seconds = 3600;
  std::uint32_t token_validity_seconds = 86400;  // valid_until caveat: mint time + this
  std::uint32_t result_retention_seconds = 86400;
  // A single-use token's claim holds for its service's timeout_seconds plus
  // this; then another worker (or instance) takes the job over. Small values
  // bring a crashed instance's jobs back sooner.
  std::uint32_t lease_grace_seconds = 30;

  // [rails]: which 402 dialects are offered and read (docs/payment-rails.md).
  paywall::RailSwitches rails;
  bool l402_token_param = true;                // version="0", token="…" after the L402 line
  std::uint32_t mpp_challenge_seconds = 3600;  // capped by the invoice's expiry

  lightning::BackendConfig lightning_backend;  // [lightning] backend + [lightning.<backend>]
  // [lightning] network: required with a real node, checked against it at start.
  std::optional<bolt11::Network> lightning_network;
  store::StoreConfig store_backend;  // [store] backend + [store.<backend>]
  // [store] media_dir: where generated media (songs) are kept and served from;
  // empty means <data_dir>/media. Instances sharing a PostgreSQL store need one
  // directory they all see, or an audioUrl from one is a 404 at the others.
  std::filesystem::path media_dir;
  PoolsConfig pools;
  JobsConfig jobs;
  McpConfig mcp;

  std::map<std::string, ServiceConfig> services;
};

// The embedded defaults: serve music and vision on 127.0.0.1:8402 with the
// builtin Lightning node, SQLite under the data directory and builtin engines.
Config default_config();

// The default data directory: $L402D_DATA_DIR, else $HOME/.l402d, else ./.l402d.
std::filesystem::path default_data_dir();

// Applies a TOML document (file contents) over `config`. Unknown keys are errors:
// a typo must not silently fall back to a default for a payment service.
void apply_toml(Config& config, std::string_view toml_text, const std::string& source_name);

// Applies L402D_* environment variables (see docs/configuration.md).
void apply_environment(Config& config, const std::map<std::string, std::string>& env);
std::map<std::string, std::string> current_environment();

// Parses "HOST:PORT" (IPv6 as "[::1]:8402"). Throws ConfigError for `key`.
void set_listen(Config& config, const std::string& key, std::string_view value);

// "https://" when the server terminates TLS itself, else "http://".
std::string listen_scheme(const Config& config);

// The URL at which this machine reaches the listener on `port`: a wildcard
// host (0.0.0.0, ::) becomes its loopback address.
std::string local_url(const Config& config, std::uint16_t port);

// Checks cross-field rules; fills derived defaults (public_url from listen).
void finalize(Config& config);

}  // namespace l402d::app
