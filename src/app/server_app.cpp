#include "app/server_app.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "api/discovery.hpp"
#include "api/music_request.hpp"
#include "api/music_service.hpp"
#include "api/validation_filter.hpp"
#include "api/vision_request.hpp"
#include "api/vision_service.hpp"
#include "engines/music/builtin_engine.hpp"
#include "engines/vision/builtin_engine.hpp"
#include "http/json_error.hpp"
#include "http/l402_gate.hpp"
#include "providers/ffmpeg_transcoder.hpp"
#include "providers/openai_vision.hpp"
#include "providers/replicate_music.hpp"
#include "util/hex.hpp"

namespace l402d::app {

namespace json = boost::json;
using http::Exchange;
using http::Response;

Engines make_engines(const Config& config) {
  Engines e;
  if (auto it = config.services.find("vision"); it != config.services.end()) {
    const auto& s = it->second;
    if (s.engine == "openai") {
      providers::OpenAiVisionOptions o;
      if (!s.provider.base_url.empty()) o.base_url = s.provider.base_url;
      if (!s.provider.model.empty()) o.model = s.provider.model;
      o.api_key = s.provider.api_key;
      o.max_tokens = s.provider.max_tokens;
      o.temperature = s.provider.temperature;
      o.timeout = std::chrono::seconds(s.timeout_seconds);
      e.vision = std::make_unique<providers::OpenAiVision>(o);
    } else {
      e.vision = std::make_unique<engines::vision::BuiltinVisionEngine>();
    }
  }
  if (auto it = config.services.find("music"); it != config.services.end()) {
    const auto& s = it->second;
    if (s.engine == "replicate") {
      if (s.provider.api_key.empty()) {
        throw ConfigError("services.music.api_key",
                          "the replicate engine needs an API token (or L402D_MUSIC_API_KEY)");
      }
      providers::ReplicateMusicOptions o;
      if (!s.provider.base_url.empty()) o.base_url = s.provider.base_url;
      if (!s.provider.model.empty()) o.model = s.provider.model;
      o.version = s.provider.version;
      o.api_token = s.provider.api_key;
      o.timeout = std::chrono::seconds(s.timeout_seconds);
      e.music = std::make_unique<providers::ReplicateMusic>(
          o, [](const Bytes& in, const engines::MusicJob& job) {
            return providers::transcode_with_ffmpeg(in, job);
          });
    } else {
      e.music = std::make_unique<engines::music::BuiltinMusicEngine>();
    }
  }
  return e;
}

void block_termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int wait_for_termination_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

ServerApp::ServerApp(Core& core, Engines engines)
    : core_(core),
      engines_(std::move(engines)),
      blocking_(4, 100000),
      results_(core.config().result_cache_bytes),
      workers_(core.config().workers, core.config().queue_limit) {
  const auto& c = core_.config();
  public_url_ = c.public_url;
  media_ = std::make_unique<store::MediaStore>(c.data_dir / "media",
                                               std::chrono::seconds(c.result_retention_seconds));
  metrics_.describe("l402d_requests_total", "counter", "HTTP requests by route and status.");
  metrics_.describe("l402d_request_duration_seconds", "histogram",
                    "HTTP request duration by route.",
                    {0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 30, 120});
  metrics_.describe("l402d_challenges_issued_total", "counter", "402 challenges with an invoice.");
  metrics_.describe("l402d_payments_redeemed_total", "counter", "Paid tokens redeemed for work.");
  metrics_.describe("l402d_credentials_rejected_total", "counter",
                    "L402 credentials refused, by service and reason.");
  metrics_.describe("l402d_engine_failures_total", "counter",
                    "Engine jobs that failed, by service and code (the payment is kept).");
  metrics_.describe("l402d_sats_earned_total", "counter", "Satoshis earned by redeemed tokens.");
  metrics_.describe("l402d_engine_duration_seconds", "histogram", "Engine job durations.",
                    {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300});
  metrics_.describe("l402d_jobs_in_flight", "gauge", "Engine jobs running or queued.");
  add_routes();
  request_metrics_ = std::make_unique<http::RequestMetrics>(metrics_, router_.patterns());
  http::ServerOptions so = c.server;
  so.decorate_own_errors = [](Response& r) { http::L402Gate::add_cors(r); };
  server_ = std::make_unique<http::Server>(
      so, [this](Exchange& ex) { return router_.route(ex); },
      [this](const Exchange& ex, const Response& r) { on_complete(ex, r); });
}

ServerApp::~ServerApp() {
  stop();
  wait();
}

std::string ServerApp::public_url() const {
  std::lock_guard lock(url_mutex_);
  return public_url_;
}

void ServerApp::start() {
  server_->start();
  janitor_ = std::thread([this] { janitor(); });
  const auto& c = core_.config();
  if (c.public_url_from_listen && c.server.port == 0) {
    std::string host =
        c.server.host == "0.0.0.0" || c.server.host == "::" ? "127.0.0.1" : c.server.host;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    std::lock_guard lock(url_mutex_);
    public_url_ = "http://" + host + ":" + std::to_string(server_->port());
  }
}
void ServerApp::stop() {
  server_->stop();
  {
    std::lock_guard lock(janitor_mutex_);
    stopping_ = true;
  }
  janitor_wake_.notify_all();
}
void ServerApp::wait() {
  server_->wait();
  if (janitor_.joinable()) janitor_.join();
  workers_.shutdown();
  blocking_.shutdown();
}

void ServerApp::janitor() {
  using clock = std::chrono::steady_clock;
  constexpr auto kPurgeEvery = std::chrono::seconds(60);
  auto next_purge = clock::now();
  std::unique_lock lock(janitor_mutex_);
  while (!stopping_) {
    lock.unlock();
    // A failing database must not stop the server: log, try again next round.
    try {
      if (auto* revocations = core_.revocations()) revocations->refresh();
      if (clock::now() >= next_purge) {
        next_purge = clock::now() + kPurgeEvery;
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        const auto retention = static_cast<std::int64_t>(core_.config().result_retention_seconds);
        const auto results = core_.store().purge_results(now - retention);
        const auto files = media_->purge(now);
        if (results || files) {
          spdlog::info("janitor: dropped {} results and {} media files past the retention", results,
                       files);
        }
      }
    } catch (const std::exception& e) {
      spdlog::warn("janitor: {}", e.what());
    }
    lock.lock();
    janitor_wake_.wait_for(lock, store::RevocationCache::kRefreshInterval,
                           [this] { return stopping_; });
  }
}

void ServerApp::on_complete(const Exchange& ex, const Response& r) {
  const unsigned status = r.status_code();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ex.started).count();
  request_metrics_->record(router_.pattern_for(ex.request), status, seconds);
  // One line per request; never the query string, headers or body (secrets).
  const std::string_view note = ex.log_note;
  spdlog::info("{} {} {} {:.1f}ms {}{}{}",
               std::string_view(http::beast_http::to_string(ex.request.method())),
               http::target_path(ex.request), status, seconds * 1000, ex.remote_address,
               note.empty() ? "" : " ", note);
}

void ServerApp::add_routes() {
  const auto& c = core_.config();
  auto now = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  api::Catalogue catalogue;
  catalogue.public_url = c.public_url;
  catalogue.dev_payments = core_.dev_node() != nullptr;
  catalogue.invoice_expiry_seconds = c.invoice_expiry_seconds;
  catalogue.token_validity_seconds = c.token_validity_seconds;
  catalogue.result_retention_seconds = c.result_retention_seconds;

  auto gate_for = [&](const ServiceConfig& s) {
    http::GateOptions g;
    g.service = s.name;
    g.price_sats = s.price_sats;
    g.invoice_expiry_seconds = c.invoice_expiry_seconds;
    g.token_validity_seconds = c.token_validity_seconds;
    g.job_timeout_seconds = s.timeout_seconds;
    g.result_retention_seconds = c.result_retention_seconds;
    g.now = now;
    return std::make_shared<http::L402Gate>(
        g, http::GateDeps{core_.minter(), core_.verifier(), core_.lightning(), core_.store(),
                          blocking_, workers_, &metrics_, &results_});
  };
  auto preflight = [](Exchange& ex) -> boost::asio::awaitable<Response> {
    http::StringResponse res{http::Status::no_content, ex.request.version()};
    res.set(http::Field::access_control_max_age, "86400");
    Response out(std::move(res));
    http::L402Gate::add_preflight_cors(out);
    co_return out;
  };

  if (engines_.music && c.services.count("music")) {
    const auto& s = c.services.at("music");
    auto gate = gate_for(s);
    catalogue.services.push_back({"music", s.price_sats,
                                  "Original songs with composed music and sung vocals from a style "
                                  "prompt and lyrics."});
    router_.add(
        http::Verb::post, "/api/l402/music",
        http::chain({std::make_shared<http::L402ReplayFilter>(gate),
                     std::make_shared<api::ValidationFilter<engines::MusicJob>>(
                         [](const json::object& body) { return api::parse_music_request(body); }),
                     gate},
                    api::music_handler({*engines_.music, workers_, *media_,
                                        [this] { return public_url(); }, &metrics_})));
    router_.add(http::Verb::options, "/api/l402/music", preflight);
  }
  if (engines_.vision && c.services.count("vision")) {
    const auto& s = c.services.at("vision");
    catalogue.services.push_back({"vision", s.price_sats, "Answers a question about an image."});
    engines::vision::InputLimits limits;
    limits.max_bytes = c.server.body_limit_bytes;
    auto gate = gate_for(s);
    // Images are decoded before any invoice; one thread keeps that to one core.
    auto validation =
        api::vision_validation_filter(limits, std::make_shared<http::WorkerPool>(1, 4));
    router_.add(http::Verb::post, "/api/l402/vision",
                http::chain({std::make_shared<http::L402ReplayFilter>(gate), validation, gate},
                            api::vision_handler({*engines_.vision, workers_, &metrics_})));
    router_.add(http::Verb::options, "/api/l402/vision", preflight);
  }
  router_.add(http::Verb::get, "/media/{name}", api::media_handler(*media_, now));

  if (auto* node = core_.dev_node()) {
    router_.add(
        http::Verb::post, "/dev/pay",
        [this, node](Exchange& ex) -> boost::asio::awaitable<Response> {
          json::error_code ec;
          auto v = json::parse(ex.request.body(), ec);
          const json::value* inv = nullptr;
          if (!ec && v.is_object()) inv = v.as_object().if_contains("invoice");
          if (!inv || !inv->is_string()) {
            co_return http::error_response(ex.request, http::Status::bad_request, "missing_field",
                                           "Send {\"invoice\": \"<bolt11>\"}.");
          }
          std::string bolt11(inv->as_string());
          auto paid = co_await blocking_.run([&] { return node->settle(bolt11); });
          if (!paid) {
            auto status = paid.error() == lightning::SettleError::expired
                              ? http::Status::gone
                              : http::Status::bad_request;
            co_return http::error_response(ex.request, status, lightning::to_string(paid.error()),
                                           lightning::describe(paid.error()));
          }
          auto res = http::make_response(
              ex.request, http::Status::ok, "application/json",
              json::serialize(json::object{{"preimage", to_hex(*paid)}, {"simulated", true}}));
          res.set(http::Field::cache_control, "no-store");
          res.set(http::Field::access_control_allow_origin, "*");
          co_return res;
        });
  }

  auto openapi = api::openapi_json(catalogue);
  auto well_known = api::well_known_json(catalogue);
  auto static_json = [](std::string body) {
    return [body](Exchange& ex) -> boost::asio::awaitable<Response> {
      auto res = http::make_response(ex.request, http::Status::ok, "application/json", body);
      res.set(http::Field::access_control_allow_origin, "*");
      res.set(http::Field::cache_control, "public, max-age=300");
      co_return res;
    };
  };
  router_.add(http::Verb::get, "/api/openapi.json", static_json(openapi));
  router_.add(http::Verb::get, "/.well-known/l402-services", static_json(well_known));
  router_.add(http::Verb::get, "/healthz",
              [this](Exchange& ex) -> boost::asio::awaitable<Response> {
                json::object body{{"status", "ok"},
                                  {"lightning", core_.lightning().name()},
                                  {"simulated_payments", core_.lightning().simulates_payments()},
                                  {"jobs_running", workers_.running()},
                                  {"jobs_queued", workers_.queued()}};
                auto res = http::make_response(ex.request, http::Status::ok, "application/json",
                                               json::serialize(body));
                res.set(http::Field::cache_control, "no-store");
                co_return res;
              });
  router_.add(http::Verb::get, "/metrics",
              [this](Exchange& ex) -> boost::asio::awaitable<Response> {
                metrics_.set_gauge("l402d_jobs_in_flight", {},
                                   static_cast<double>(workers_.running() + workers_.queued()));
                co_return http::make_response(ex.request, http::Status::ok,
                                              "text/plain; version=0.0.4; charset=utf-8",
                                              metrics_.render());
              });
}

}  // namespace l402d::app
