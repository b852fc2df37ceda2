#include "app/server_app.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <set>

#include "admin/admin_openapi.hpp"
#include "admin/admin_token.hpp"
#include "api/discovery.hpp"
#include "api/error_catalogue.hpp"
#include "api/job_route.hpp"
#include "api/llms_txt.hpp"
#include "api/media_route.hpp"
#include "api/operations_routes.hpp"
#include "api/quote_route.hpp"
#include "api/service_routes.hpp"
#include "api/settlement_route.hpp"
#include "bolt11/network_name.hpp"
#include "mcp/mcp_endpoint.hpp"
#include "paywall/stored_idempotency_keys.hpp"
#include "util/clock.hpp"
#include "web/web_routes.hpp"

namespace l402d::app {

namespace json = boost::json;
using http::Exchange;
using http::Response;

namespace {

sigset_t server_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void block_termination_signals() {
  const sigset_t set = server_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int wait_for_termination_signal(const std::function<void()>& on_hangup) {
  const sigset_t set = server_signals();
  for (;;) {
    int sig = 0;
    sigwait(&set, &sig);
    if (sig != SIGHUP) return sig;
    if (on_hangup) on_hangup();
  }
}

bool ServerApp::reload_tls() {
  const auto& tls = core_.config().server.tls;
  try {
    if (!server_->reload_tls()) return false;
    // The certificate's path only: the key file's contents are never logged.
    spdlog::info("tls: reloaded certificate {}", tls->cert_file);
    return true;
  } catch (const std::exception& e) {
    spdlog::error("{}; keeping the previous certificate", e.what());
    return false;
  }
}

namespace {

// Store and node calls are never refused for queue length: paid work and
// challenges queue behind them; only engine work is admitted by capacity.
constexpr std::size_t kUnboundedQueue = 100000;

paywall::ChallengeTerms challenge_terms(const Config& c) {
  return {c.invoice_expiry_seconds, c.token_validity_seconds};
}

// MPP's protection space: the public URL's host, without scheme or port (the
// port may be chosen only at bind time, and the realm must not change then).
std::string realm_of(std::string_view url) {
  if (auto p = url.find("://"); p != std::string_view::npos) url.remove_prefix(p + 3);
  url = url.substr(0, url.find('/'));
  if (!url.empty() && url.front() == '[') return std::string(url.substr(0, url.find(']') + 1));
  return std::string(url.substr(0, url.find(':')));
}

paywall::RailOffersOptions rail_offers_options(const Config& c) {
  paywall::RailOffersOptions o;
  o.rails = c.rails;
  o.realm = realm_of(c.public_url);
  o.l402_token_param = c.l402_token_param;
  o.mpp_challenge_seconds = c.mpp_challenge_seconds;
  return o;
}

// [store] media_dir, else the data directory's media folder.
std::filesystem::path media_dir(const Config& c) {
  return c.media_dir.empty() ? c.data_dir / "media" : c.media_dir;
}

}  // namespace

ServerApp::ServerApp(Core& core, const ServiceFactory& services)
    : core_(core),
      store_calls_(core.config().pools.store_threads, kUnboundedQueue),
      results_(core.config().result_cache_bytes),
      workers_(core.config().workers, core.config().queue_limit),
      verification_(std::make_shared<http::WorkerPool>(1, 4)),
      node_metrics_(metrics_, core.lightning().name()),
      node_(core.lightning(), node_metrics_.observer()),
      challenger_(node_, core.minter(), challenge_terms(core.config()), unix_now),
      authorizer_(core.verifier(), unix_now),
      settlement_(core.verifier(), node_),
      reader_(core.config().rails, core.challenge_binder(), unix_now),
      offers_(rail_offers_options(core.config()), core.challenge_binder()) {
  const auto& c = core_.config();
  public_url_ = c.public_url;
  share_access_state();
  // Instances on one database without a directory they share keep media in
  // the database too; with [store] media_dir the files are shared already.
  if (c.media_dir.empty()) shared_media_ = core_.store().shared_media();
  media_ = std::make_unique<store::MediaStore>(
      media_dir(c), std::chrono::seconds(c.result_retention_seconds), shared_media_.get());
  describe_metrics();
  watch_other_instances();
  make_job_runner();
  add_routes(services);
  request_metrics_ = std::make_unique<http::RequestMetrics>(metrics_, router_.patterns());
  http::ServerOptions so = c.server;
  so.decorate_own_errors = [this](Response& r) { cors_.apply(r); };
  so.streamed_body_limit = [this](const http::Request& r) {
    return router_.streamed_body_limit(r);
  };
  server_ = std::make_unique<http::Server>(
      so, [this](Exchange& ex) { return router_.route(ex); },
      [this](const Exchange& ex, const Response& r) { on_complete(ex, r); });
}

void ServerApp::share_access_state() {
  idempotency_records_ = core_.store().shared_idempotency_records();
  if (idempotency_records_) {
    idempotency_ = std::make_unique<paywall::StoredIdempotencyKeys>(*idempotency_records_);
  } else {
    idempotency_ = std::make_unique<paywall::MemoryIdempotencyKeys>();
  }
  counters_ = core_.store().shared_window_counters();
  if (!counters_) counters_ = std::make_unique<access::MemoryWindowCounters>();
}

// A replay at this instance of a job running at another is woken when that
// job ends; without the feed (a connection that cannot be made now) it polls.
void ServerApp::watch_other_instances() {
  try {
    token_feed_ = core_.store().watch_token_changes(
        [this](const Hash32& token_id) { token_waiters_.notify(token_id); });
    if (auto* node = core_.lightning().dev_payments()) {
      invoice_feed_ = core_.store().watch_invoice_settlements(
          [node](const Hash32& payment_hash) { node->settled_elsewhere(payment_hash); });
    }
  } catch (const store::StoreError& e) {
    spdlog::warn("not listening for other instances' changes: {}", e.what());
  }
}

void ServerApp::make_job_runner() {
  const auto& c = core_.config().jobs;
  jobs::CallbackOptions callbacks;
  callbacks.allow_private = c.allow_private_callbacks;
  callbacks.attempts = c.callback_attempts;
  // Every instance on one database derives the same callback secrets.
  auto secret = core_.store().secret("job_callbacks", 32);
  jobs::RunnerOptions o;
  o.lease_seconds = c.lease_seconds;
  o.renew_every = std::chrono::milliseconds(c.lease_seconds * 1000 / 3);
  o.scan_every = std::chrono::milliseconds(std::min<std::uint32_t>(5, c.lease_seconds) * 1000);
  o.poll_interval = std::chrono::milliseconds(c.poll_interval_ms);
  jobs_ = std::make_unique<jobs::JobRunner>(
      core_.store(), store_calls_,
      std::make_unique<jobs::CallbackSender>(core_.store(), std::move(secret), callbacks, unix_now),
      o, unix_now);
}

void ServerApp::describe_metrics() {
  metrics_.describe("l402d_requests_total", "counter", "HTTP requests by route and status.");
  metrics_.describe("l402d_request_duration_seconds", "histogram",
                    "HTTP request duration by route.",
                    {0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 30, 120});
  metrics_.describe("l402d_challenges_issued_total", "counter", "402 challenges with an invoice.");
  metrics_.describe("l402d_challenges_paid_total", "counter",
                    "This instance's challenges whose token was first presented paid.");
  metrics_.describe("l402d_challenges_expired_unpaid_total", "counter",
                    "This instance's challenges whose invoice expired unpaid.");
  metrics_.describe("l402d_open_challenges_dropped_total", "counter",
                    "Open challenges forgotten unexpired because the registry was full.");
  metrics_.describe("l402d_payments_redeemed_total", "counter",
                    "Paid tokens whose work first ended in a result, by service and rail.");
  metrics_.describe("l402d_credentials_rejected_total", "counter",
                    "L402 credentials refused, by service and reason.");
  metrics_.describe("l402d_free_requests_total", "counter",
                    "Requests served without payment (auth off, free paths, freebies).");
  metrics_.describe("l402d_challenges_limited_total", "counter",
                    "Unpaid requests refused with 429: too many challenges per client a minute.");
  metrics_.describe("l402d_engine_failures_total", "counter",
                    "Engine jobs that failed, by service and code (the payment is kept).");
  metrics_.describe("l402d_sats_earned_total", "counter",
                    "Satoshis earned by redeemed tokens (once per token), by service and rail.");
  metrics_.describe("l402d_engine_duration_seconds", "histogram", "Engine job durations.",
                    {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300});
  metrics_.describe("l402d_jobs_in_flight", "gauge", "Engine jobs running or queued.");
  metrics_.describe("l402d_job_duration_seconds", "histogram",
                    "Async jobs from acceptance to their recorded end, queue included.",
                    {0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900});
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
  jobs_->start();
  janitor_ = std::thread([this] { janitor(); });
  const auto& c = core_.config();
  if (c.public_url_from_listen && c.server.port == 0) {
    std::lock_guard lock(url_mutex_);
    public_url_ = local_url(c, server_->port());
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
  // Jobs still running are resumed by the next instance to scan (docs/jobs.md).
  jobs_->stop();
  if (janitor_.joinable()) janitor_.join();
  workers_.shutdown();
  verification_->shutdown();
  store_calls_.shutdown();
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
      if (settings_) settings_->reload();
      if (clock::now() >= next_purge) {
        next_purge = clock::now() + kPurgeEvery;
        const auto now = unix_now();
        const auto retention = static_cast<std::int64_t>(core_.config().result_retention_seconds);
        const auto results = core_.store().purge_results(now - retention);
        const auto files = media_->purge(now);
        core_.store().purge_jobs(now - retention);
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

void ServerApp::add_routes(const ServiceFactory& services) {
  const auto declared =
      services(api::ServiceContext{workers_, *media_, [this] { return public_url(); }, &metrics_});
  add_services(declared);
  add_admin(declared);
  add_discovery(declared);
  add_operations();
  if (core_.config().mcp.enabled) add_mcp(declared);
  if (core_.config().web_page) web::add_web_routes(router_);
}

void ServerApp::add_services(const std::vector<api::Service>& services) {
  const auto& c = core_.config();
  api::PaywallParts parts{challenger_,
                          authorizer_,
                          reader_,
                          offers_,
                          settlement_,
                          core_.store(),
                          store_calls_,
                          workers_,
                          verification_,
                          &metrics_,
                          &results_,
                          c.result_retention_seconds,
                          unix_now,
                          [this] { return public_url(); },
                          cors_,
                          idempotency_.get(),
                          counters_.get(),
                          c.lease_grace_seconds,
                          &token_waiters_,
                          core_.store().health(),
                          jobs_.get(),
                          &overrides_,
                          &open_challenges_};
  for (const auto& service : services)
    api::add_service_routes(router_, service, parts);
}

api::Catalogue ServerApp::catalogue_of(const std::vector<api::Service>& services) const {
  const auto& c = core_.config();
  api::Catalogue catalogue;
  catalogue.public_url = c.public_url;
  catalogue.dev_payments = core_.lightning().dev_payments() != nullptr;
  catalogue.invoice_expiry_seconds = c.invoice_expiry_seconds;
  catalogue.token_validity_seconds = c.token_validity_seconds;
  catalogue.result_retention_seconds = c.result_retention_seconds;
  catalogue.protocols.clear();
  if (c.rails.l402) catalogue.protocols.push_back("L402");
  if (c.rails.mpp) catalogue.protocols.push_back("MPP");
  if (c.rails.x402) catalogue.protocols.push_back("x402");
  // As sold right now: a disabled service is not listed, a price the seller
  // set replaces the configured one and its rules.
  for (const auto& s : services) {
    const auto live = overrides_.find(s.name);
    if (live && !live->enabled()) continue;
    auto listing = api::listing_of(s);
    if (auto price = live ? live->price_sats() : std::nullopt) {
      listing.price_sats = *price;
      listing.pricing = std::nullopt;
    }
    catalogue.services.push_back(std::move(listing));
  }
  return catalogue;
}

namespace {

std::string openapi_with_admin(const api::Catalogue& catalogue) {
  auto document = json::parse(api::openapi_json(catalogue)).as_object();
  admin::add_admin_openapi(document);
  return json::serialize(document);
}

}  // namespace

// The documents that list services follow the seller's changes: each is
// rendered again when the overrides' version moves.
void ServerApp::add_discovery(const std::vector<api::Service>& services) {
  auto public_route = [this](http::Handler handler) {
    return http::chain({std::make_shared<http::CorsFilter>(cors_)}, std::move(handler));
  };
  auto listed = [this, services](auto render) {
    return [this, services, render] { return render(catalogue_of(services)); };
  };
  auto version = [this] { return overrides_.version(); };
  router_.add(http::Verb::get, "/api/openapi.json",
              public_route(api::versioned_text_handler(
                  version, listed([](const api::Catalogue& c) { return openapi_with_admin(c); }),
                  "application/json")));
  router_.add(http::Verb::get, "/.well-known/l402-services",
              public_route(api::versioned_text_handler(
                  version, listed([](const api::Catalogue& c) { return api::well_known_json(c); }),
                  "application/json")));
  router_.add(http::Verb::get, "/llms.txt",
              public_route(api::versioned_text_handler(
                  version, listed([](const api::Catalogue& c) { return api::llms_txt(c); }),
                  "text/markdown; charset=utf-8")));
  router_.add(http::Verb::get, "/api/error-codes",
              public_route(api::static_json_handler(api::error_catalogue_json())));
  router_.add(http::Verb::post, "/api/quote",
              public_route(api::quote_handler(services, &overrides_)));
  router_.add(http::Verb::options, "/api/quote", http::preflight_handler(cors_));
}

// POST /mcp runs its tools through this router, so paid tools are sold by
// the same routes as the HTTP API (docs/mcp.md).
void ServerApp::add_mcp(const std::vector<api::Service>& services) {
  const auto& c = core_.config();
  std::set<std::string> long_running;
  for (const auto& s : services)
    if (s.long_running) long_running.insert(s.name);
  mcp::McpOptions o;
  o.allowed_origins = c.mcp.allowed_origins;
  o.public_url = [this] { return public_url(); };
  o.mpp_rail = c.rails.mpp;
  auto endpoint = std::make_shared<mcp::McpEndpoint>(
      mcp::ToolCatalogue(catalogue_of(services), long_running),
      [this](Exchange& ex) { return router_.route(ex); }, std::move(o));
  // Browsers may read the session header and send the transport's headers.
  http::CorsPolicy cors = cors_;
  cors.expose_headers += ", Mcp-Session-Id";
  cors.allow_headers += ", Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID";
  cors.allow_methods = "GET, POST, DELETE, OPTIONS";
  auto route = [&cors](http::Handler handler) {
    return http::chain({std::make_shared<http::CorsFilter>(cors)}, std::move(handler));
  };
  router_.add(http::Verb::post, "/mcp", route(mcp::mcp_post_handler(endpoint)));
  router_.add(http::Verb::get, "/mcp", route(mcp::mcp_get_handler(endpoint)));
  router_.add(http::Verb::delete_, "/mcp", route(mcp::mcp_delete_handler(endpoint)));
  router_.add(http::Verb::options, "/mcp", http::preflight_handler(cors));
}

// What the start banner says of the node, for the dashboard's settings. A
// node that does not say its network is held to the configured one.
admin::NodeFacts ServerApp::node_facts() const {
  const auto& node = core_.node();
  const auto network = node.network ? node.network : core_.config().lightning_network;
  admin::NodeFacts facts;
  facts.backend = core_.lightning().name();
  facts.network = network ? std::string(bolt11::network_name(*network)) : std::string();
  facts.node_id = node.pubkey;
  facts.started_at = unix_now();
  return facts;
}

// A failed token the buyer can still retry: not revoked, and within its
// lifetime. The ledger keeps no valid_until, and its row is written at the
// first payment, so the lifetime is counted from there: a token may be
// listed up to one invoice expiry after its caveat ran out, never hidden early.
std::function<bool(const store::TokenRecord&)> ServerApp::redeemable_check(
    const std::vector<api::Service>& services) {
  const auto fallback = core_.config().token_validity_seconds;
  std::map<std::string, std::uint32_t> lifetimes;
  for (const auto& s : services)
    lifetimes[s.name] = s.token_seconds ? s.token_seconds : fallback;
  return [this, lifetimes, fallback](const store::TokenRecord& t) {
    const auto it = lifetimes.find(t.service);
    const auto life = it == lifetimes.end() ? fallback : it->second;
    if (t.created_at + static_cast<std::int64_t>(life) <= unix_now()) return false;
    const l402::Identifier id{l402::kIdentifierVersion, t.payment_hash, t.token_id};
    return core_.root_keys().root_key(id).status != l402::KeyStatus::revoked;
  };
}

// The seller's API (docs/admin.md): the token is made at the first start;
// the settings the store holds apply before the first request.
void ServerApp::add_admin(const std::vector<api::Service>& services) {
  std::vector<admin::ServiceFacts> facts;
  for (const auto& s : services)
    facts.push_back(admin::facts_of(s));
  settings_ = std::make_unique<admin::ServiceSettings>(std::move(facts), core_.store(), overrides_);
  try {
    settings_->reload();
  } catch (const store::StoreError& e) {
    spdlog::warn("admin: service settings not loaded yet: {}", e.what());
  }
  auto revoke = [this](const store::TokenRecord& t) {
    core_.root_keys().revoke(
        l402::Identifier{l402::kIdentifierVersion, t.payment_hash, t.token_id});
  };
  admin_ = std::make_unique<admin::AdminDeps>(
      admin::AdminDeps{admin::load_or_create_admin_token(core_.config().data_dir), *settings_,
                       core_.store(), core_.store(), std::move(revoke), store_calls_, unix_now,
                       node_facts(), &open_challenges_, redeemable_check(services)});
  admin::add_admin_routes(router_, *admin_);
}

void ServerApp::add_operations() {
  auto public_route = [this](http::Handler handler) {
    return http::chain({std::make_shared<http::CorsFilter>(cors_)}, std::move(handler));
  };
  router_.add(http::Verb::get, "/media/{name}",
              public_route(api::media_handler(*media_, store_calls_, unix_now)));
  router_.add(http::Verb::get, "/api/l402/jobs/{id}",
              public_route(api::job_poll_handler(*jobs_, store_calls_)));
  router_.add(http::Verb::options, "/api/l402/jobs/{id}", http::preflight_handler(cors_));
  router_.add(http::Verb::post, "/l402/settlement",
              public_route(api::settlement_handler(settlement_, store_calls_)));
  router_.add(http::Verb::options, "/l402/settlement", http::preflight_handler(cors_));
  if (auto* node = core_.lightning().dev_payments()) {
    router_.add(http::Verb::post, "/dev/pay",
                public_route(api::dev_pay_handler(*node, store_calls_)));
  }
  router_.add(http::Verb::get, "/healthz",
              api::health_handler(
                  {core_.lightning().name(), core_.lightning().simulates_payments(), workers_}));
  router_.add(http::Verb::get, "/metrics", api::metrics_handler(metrics_, workers_));
}

}  // namespace l402d::app
