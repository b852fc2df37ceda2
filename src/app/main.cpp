// l402d: sells AI work per request over Lightning with L402.
//
//   l402d [serve]         serve the API (the default)
//   l402d status          set up the data directory, show the node and the config
//   l402d challenge       mint a challenge by hand (macaroon + invoice)
//   l402d dev-pay         pay a builtin-node invoice (simulated) -> preimage
//   l402d verify          check an Authorization header as the server would
//   l402d analyze         answer a question about an image, offline, no payment
//   l402d compose         render a song offline, no payment
//   l402d admin ...       the seller's admin API (services, prices, tokens, revenue)

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/music_request.hpp"
#include "api/vision_request.hpp"
#include "app/admin_command.hpp"
#include "app/admin_mcp.hpp"
#include "app/config.hpp"
#include "app/configured_services.hpp"
#include "app/runtime.hpp"
#include "app/server_app.hpp"
#include "bolt11/codec.hpp"
#include "bolt11/network_name.hpp"
#include "engines/music/builtin_engine.hpp"
#include "engines/vision/builtin_engine.hpp"
#include "engines/vision/image_input.hpp"
#include "engines/vision/openmp.hpp"
#include "l402/headers.hpp"
#include "l402/request_binding.hpp"
#include "lightning/builtin_node.hpp"
#include "paywall/authorizer.hpp"
#include "paywall/challenger.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"
#include "util/run_blocking.hpp"

namespace {

using namespace l402d;
namespace json = boost::json;

struct GlobalOptions {
  std::string config_file;
  std::string listen;
  std::string data_dir;
  std::string public_url;
  std::string log_level;
};

// "https://host:port" of a URL, without the path (which may carry a key).
std::string url_origin(const std::string& url) {
  const auto host = url.find("://");
  const auto path = url.find('/', host == std::string::npos ? 0 : host + 3);
  return url.substr(0, path);
}

app::Config load_config(const GlobalOptions& g) {
  auto c = app::default_config();
  if (!g.config_file.empty()) {
    std::ifstream in(g.config_file);
    if (!in) throw app::ConfigError("--config", "cannot read " + g.config_file);
    std::stringstream ss;
    ss << in.rdbuf();
    app::apply_toml(c, ss.str(), g.config_file);
  }
  app::apply_environment(c, app::current_environment());
  if (!g.listen.empty()) app::set_listen(c, "--listen", g.listen);
  if (!g.data_dir.empty()) c.data_dir = g.data_dir;
  if (!g.public_url.empty()) c.public_url = g.public_url;
  if (!g.log_level.empty()) c.log_level = g.log_level;
  app::finalize(c);
  return c;
}

std::string read_arg_or_file(const std::string& v) {
  if (v.empty() || v[0] != '@') return v;
  std::ifstream in(v.substr(1), std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + v.substr(1));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Nodes that do not say their network (LNbits; LND behind an invoice
// macaroon) are held to the configured one invoice by invoice instead.
std::string network_line(const lightning::NodeInfo& node, const app::Config& config) {
  if (node.network) return std::string(bolt11::network_name(*node.network));
  if (!config.lightning_network) return "an unstated network";
  return std::string(bolt11::network_name(*config.lightning_network)) +
         " (the node does not say; every invoice's prefix is checked)";
}

// Each connection costs a descriptor: the soft RLIMIT_NOFILE (often 1024)
// goes up to the hard one, as far as the system allows without privilege.
// server.max_connections is then bounded by what is left (http::Server).
void raise_descriptor_limit() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max) return;
  const auto before = rl.rlim_cur;
  rl.rlim_cur = rl.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &rl) != 0)
    spdlog::debug("cannot raise the descriptor limit from {}", before);
}

int serve(const app::Config& config) {
  app::block_termination_signals();
  raise_descriptor_limit();
  const auto alone = app::lock_single_instance_store(config);
  app::Core core(config);
  if (alone) {
    // Claims left by a previous life of this server (a crash, kill -9) end now.
    if (const auto ended = core.store().end_claims_of_a_previous_life(); ended > 0) {
      spdlog::info("{} paid request(s) cut short by the last stop can be retried at once", ended);
    }
  }
  app::ServerApp server(core, app::configured_services(config));
  server.start();
  spdlog::info("data directory {}", config.data_dir.string());
  for (const auto& [name, s] : config.services) {
    if (s.upstream) {
      // The upstream's URL only: its path may carry a key (never the headers).
      spdlog::info("service {}: {}{} for {}{} sats, forwarded to {}", name,
                   s.upstream->host.empty() ? server.public_url() : s.upstream->host,
                   s.upstream->match, s.pricing ? "from " : "", s.price_sats,
                   url_origin(s.upstream->url));
    } else {
      spdlog::info("service {}: POST {}/api/l402/{} for {} sats ({} engine)", name,
                   server.public_url(), name, s.price_sats, app::to_string(s.engine));
    }
  }
  if (core.lightning().simulates_payments()) {
    spdlog::warn("{}", lightning::BuiltinNode::warning());
  } else {
    const auto& node = core.node();
    spdlog::info("lightning: {} node {} ({}) on {}", core.lightning().name(),
                 node.pubkey.empty() ? "(public key not shown)" : node.pubkey,
                 node.alias.empty() ? "no alias" : node.alias, network_line(node, config));
  }
  // Last, because scripts and tests take this line to mean that start-up is over.
  spdlog::info("l402d listening on {}{}:{} (public URL {})", app::listen_scheme(config),
               config.server.host, server.port(), server.public_url());
  int sig = app::wait_for_termination_signal([&server] { server.reload_tls(); });
  spdlog::info("signal {}: stopping (in-flight requests finish first)", sig);
  server.stop();
  server.wait();
  spdlog::info("stopped");
  return 0;
}

int status(const app::Config& config) {
  app::Core core(config);
  json::object services;
  for (const auto& [name, s] : config.services) {
    services[name] =
        json::object{{"price_sats", s.price_sats}, {"engine", app::to_string(s.engine)}};
  }
  json::object out{{"data_dir", config.data_dir.string()},
                   {"listen", config.server.host + ":" + std::to_string(config.server.port)},
                   {"public_url", config.public_url},
                   {"lightning", core.lightning().name()},
                   {"simulated_payments", core.lightning().simulates_payments()},
                   {"root_keys", app::to_string(config.root_keys)},
                   {"services", services}};
  out["node_id"] = core.node().pubkey;
  if (core.node().network) out["network"] = bolt11::network_name(*core.node().network);
  std::cout << json::serialize(out) << "\n";
  if (core.lightning().simulates_payments()) {
    std::cerr << "warning: " << lightning::BuiltinNode::warning() << "\n";
  }
  return 0;
}

struct RequestArgs {
  std::string service;
  std::string method = "POST";
  std::string path;
  std::string body;
  Hash32 hash(const std::string& svc) const {
    auto p = path.empty() ? "/api/l402/" + svc : path;
    return l402::request_hash(method, p, read_arg_or_file(body));
  }
};

// The offer the server would make for this request (a static price).
paywall::Offer offer_for(const app::Config& config, const RequestArgs& r,
                         std::uint64_t price_sats) {
  if (price_sats == 0) {
    auto it = config.services.find(r.service);
    price_sats = it == config.services.end() ? 0 : it->second.price_sats;
  }
  if (price_sats == 0) throw std::runtime_error("no price for service '" + r.service + "'");
  return {r.service, price_sats * 1000, r.hash(r.service)};
}

int challenge(const app::Config& config, const RequestArgs& r, std::uint64_t price_sats) {
  app::Core core(config);
  paywall::Challenger challenger(core.lightning(), core.minter(),
                                 {config.invoice_expiry_seconds, config.token_validity_seconds},
                                 unix_now);
  const auto c = run_blocking(challenger.issue(offer_for(config, r, price_sats)));
  json::object out{{"www_authenticate", c.www_authenticate()},
                   {"macaroon", c.macaroon},
                   {"invoice", c.invoice},
                   {"payment_hash", to_hex(c.payment_hash)},
                   {"price_sats", c.price_msat / 1000},
                   {"expires_at", c.expires_at}};
  std::cout << json::serialize(out) << std::endl;
  return 0;
}

int dev_pay(const app::Config& config, const std::string& invoice) {
  app::Core core(config);
  auto* payments = core.lightning().dev_payments();
  if (!payments) {
    throw std::runtime_error(
        "dev-pay needs a backend that simulates payments (lightning.backend = "
        "\"builtin\"), not " +
        core.lightning().name());
  }
  auto paid = payments->settle(invoice);
  if (!paid) {
    std::cerr << "error: " << lightning::to_string(paid.error()) << ": "
              << lightning::describe(paid.error()) << "\n";
    return 1;
  }
  std::cout << to_hex(*paid) << std::endl;
  return 0;
}

int print_verdict(const json::object& out, bool valid) {
  std::cout << json::serialize(out) << "\n";
  return valid ? 0 : 1;
}

int verify(const app::Config& config, const RequestArgs& r, const std::string& authorization) {
  app::Core core(config);
  paywall::Authorizer authorizer(core.verifier(), unix_now);
  auto credential = l402::parse_authorization(std::string_view(authorization));
  if (!credential) {
    return print_verdict({{"valid", false},
                          {"code", credential.error().code_name()},
                          {"message", credential.error().message}},
                         false);
  }
  // The price does not change the verdict; the offer needs one all the same.
  const paywall::Offer offer{r.service, 0, r.hash(r.service)};
  auto paid = authorizer.authorize(*credential, offer);
  if (!paid) {
    return print_verdict(
        {{"valid", false}, {"code", paid.error().code_name()}, {"message", paid.error().message}},
        false);
  }
  return print_verdict({{"valid", true},
                        {"service", r.service},
                        {"token_id", to_hex(paid->token_id)},
                        {"payment_hash", to_hex(paid->payment_hash)}},
                       true);
}

int analyze(const std::string& image_path, const std::string& prompt) {
  std::ifstream in(image_path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + image_path);
  Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  engines::vision::InputLimits limits;
  auto probe = engines::vision::probe(bytes, limits);
  if (!probe) {
    std::cerr << "error: " << probe.error().code << ": " << probe.error().message << "\n";
    return 1;
  }
  engines::vision::BuiltinVisionEngine engine;
  engines::VisionJob job;
  job.image = std::move(bytes);
  job.mime_type = std::string(engines::vision::mime_type(probe->format));
  job.width = probe->width;
  job.height = probe->height;
  job.prompt = prompt;
  std::cout << engine.answer(job).content << "\n";
  return 0;
}

struct ComposeArgs {
  std::string prompt;
  std::string lyrics;
  std::string format = "mp3";
  int sample_rate = 44100;
  std::optional<int> bitrate;
  std::string output;
};

int compose_song(const ComposeArgs& a) {
  // The same request the API would take, checked by the API's own parser, so
  // the command applies the same limits (prompt and lyrics lengths, singable
  // lyrics, format) instead of rendering anything it is given.
  boost::json::object body{{"prompt", a.prompt},
                           {"lyrics", read_arg_or_file(a.lyrics)},
                           {"model", api::kMusicModel},
                           {"audio_format", a.format},
                           {"sample_rate", a.sample_rate}};
  if (a.bitrate) body["bitrate"] = *a.bitrate;
  auto parsed = api::parse_music_request(body);
  if (!parsed) {
    std::cerr << "error: " << parsed.error().code << ": " << parsed.error().message << "\n";
    return 2;
  }
  const engines::MusicJob& job = *parsed;
  engines::music::BuiltinMusicEngine engine;
  engines::music::RenderDetails details;
  auto result = engine.compose(job, details);
  const engines::music::StageTimings& t = details.timings;
  std::ofstream out(a.output, std::ios::binary);
  out.write(reinterpret_cast<const char*>(result.audio.data()),
            static_cast<std::streamsize>(result.audio.size()));
  if (!out) throw std::runtime_error("cannot write " + a.output);
  std::cerr << result.summary << "\n"
            << "wrote " << a.output << " (" << result.audio.size() << " bytes, "
            << result.duration_seconds << " s) in " << t.total() << " s: compose " << t.compose
            << ", instruments " << t.instruments << ", vocals " << t.vocals << ", mix " << t.mix
            << ", master " << t.master << ", encode " << t.encode << "\n";
  return 0;
}

// l402d admin <action> ...: one subcommand per call of the admin API.
CLI::App* add_admin_commands(CLI::App& cli, app::AdminCommand& a) {
  auto* admin = cli.add_subcommand("admin", "the seller's admin API (docs/admin.md)");
  admin->require_subcommand(1);
  admin->add_flag("--json", a.json, "print the API's JSON as it is");
  admin->add_option("--url", a.url, "base URL of the server (default: the configured listener)");
  auto action = [args = &a, admin](const char* name, const char* what) {
    auto* sub = admin->add_subcommand(name, what);
    sub->callback([args, name] { args->action = name; });
    return sub;
  };
  action("services", "every service: price, enabled, kind, path");
  auto* price = action("price", "set a service's price, live");
  price->add_option("service", a.service, "service name")->required();
  price->add_option("sats", a.price_sats, "the new price in satoshis")->required();
  action("enable", "sell a service again")->add_option("service", a.service)->required();
  action("disable", "stop selling a service (503 service_disabled)")
      ->add_option("service", a.service)
      ->required();
  auto* tokens = action("tokens", "the latest tokens, newest first");
  tokens->add_option("--service", a.service, "only this service");
  tokens->add_option("--state", a.state, "issued|paid|in_progress|redeemed|failed");
  tokens->add_option("--limit", a.limit, "how many")->capture_default_str();
  action("revoke", "revoke one token at every instance")
      ->add_option("token-id", a.token_id, "64 hex digits")
      ->required();
  action("revoke-service", "revoke every token of a service")
      ->add_option("service", a.service)
      ->required();
  action("revenue", "sats earned and counts per service per UTC day")
      ->add_option("--days", a.days, "how many days, today included")
      ->capture_default_str();
  for (const auto& [name, what] :
       {std::pair{"invoices", "this instance's invoices awaiting payment, newest first"},
        std::pair{"failures", "failed tokens the buyer can still retry, newest first"}}) {
    auto* list = action(name, what);
    list->add_option("--service", a.service, "only this service");
    list->add_option("--limit", a.limit, "how many")->capture_default_str();
  }
  action("mcp", "serve these calls as MCP tools on stdio, for an operator's agent");
  return admin;
}

}  // namespace

int main(int argc, char** argv) {
  // Tesseract's OpenMP must be capped before the library loads (see openmp.hpp).
  l402d::engines::vision::reexec_with_openmp_thread_limit(argv);

  CLI::App cli{
      "l402d: AI work sold per request over Bitcoin Lightning with L402.\n"
      "With no subcommand it serves the API (see docs/configuration.md)."};
  GlobalOptions g;
  cli.add_option("--config", g.config_file, "TOML configuration file");
  cli.add_option("--listen", g.listen, "HOST:PORT to listen on (default 127.0.0.1:8402)");
  cli.add_option("--data-dir", g.data_dir, "keys, database and media (default ~/.l402d)");
  cli.add_option("--public-url", g.public_url, "base URL for links we hand out (audioUrl)");
  cli.add_option("--log-level", g.log_level, "trace|debug|info|warn|error|off");

  auto* serve_cmd = cli.add_subcommand("serve", "serve the API (the default)");
  auto* status_cmd = cli.add_subcommand("status", "set up the data directory and show the node");

  RequestArgs req;
  std::uint64_t price = 0;
  auto add_request_args = [&](CLI::App* sub) {
    sub->add_option("--service", req.service, "music or vision")->required();
    sub->add_option("--method", req.method, "HTTP method the token is bound to")
        ->capture_default_str();
    sub->add_option("--path", req.path, "path the token is bound to (default /api/l402/<service>)");
    sub->add_option("--body", req.body, "JSON body the token is bound to, or @FILE");
  };
  auto* challenge_cmd = cli.add_subcommand("challenge", "mint a challenge (macaroon + invoice)");
  add_request_args(challenge_cmd);
  challenge_cmd->add_option("--price-sats", price, "price (default: the service's)");

  std::string invoice;
  auto* pay_cmd = cli.add_subcommand("dev-pay", "simulate paying a builtin-node invoice");
  pay_cmd->add_option("invoice", invoice, "BOLT11 invoice")->required();

  std::string authorization;
  auto* verify_cmd = cli.add_subcommand("verify", "verify an Authorization header");
  add_request_args(verify_cmd);
  verify_cmd->add_option("--authorization", authorization, "'L402 <macaroon>:<preimage>'")
      ->required();

  std::string image;
  std::string prompt(api::kDefaultVisionPrompt);
  auto* analyze_cmd = cli.add_subcommand("analyze", "answer a question about an image, offline");
  analyze_cmd->add_option("--image", image, "image file (PNG, JPEG, WebP, BMP, TIFF)")->required();
  analyze_cmd->add_option("--prompt", prompt, "the question")->capture_default_str();

  ComposeArgs song;
  auto* compose_cmd = cli.add_subcommand("compose", "render a song offline (no payment)");
  compose_cmd->add_option("--prompt", song.prompt, "style, e.g. 'slow sad piano ballad'")
      ->required();
  compose_cmd->add_option("--lyrics", song.lyrics, "lyrics text, or @FILE")->required();
  compose_cmd->add_option("--format", song.format, "mp3 | wav | pcm")->capture_default_str();
  compose_cmd->add_option("--sample-rate", song.sample_rate, "Hz")->capture_default_str();
  compose_cmd->add_option("--bitrate", song.bitrate, "bits per second (mp3)");
  compose_cmd->add_option("-o,--output", song.output, "output file")->required();

  app::AdminCommand admin_args;
  auto* admin_cmd = add_admin_commands(cli, admin_args);

  CLI11_PARSE(cli, argc, argv);

  auto logger = spdlog::stderr_color_mt("l402d");
  spdlog::set_default_logger(logger);
  try {
    if (*analyze_cmd) return analyze(image, prompt);
    if (*compose_cmd) return compose_song(song);
    auto config = load_config(g);
    spdlog::set_level(spdlog::level::from_str(config.log_level));
    if (*status_cmd) return status(config);
    if (*admin_cmd && admin_args.action == "mcp")
      return app::run_admin_mcp(config, admin_args.url, std::cin, std::cout, std::cerr);
    if (*admin_cmd) return app::run_admin(config, admin_args, std::cout, std::cerr);
    if (*challenge_cmd) return challenge(config, req, price);
    if (*pay_cmd) return dev_pay(config, invoice);
    if (*verify_cmd) return verify(config, req, authorization);
    (void)serve_cmd;
    return serve(config);
  } catch (const app::ConfigError& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
}
