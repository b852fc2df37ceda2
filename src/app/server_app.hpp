#pragma once

// The running server: worker pools, engines, the routes of the public API and
// the HTTP server, wired from the Core. Start, then wait for SIGINT/SIGTERM,
// then a graceful stop (no new connections, in-flight jobs finish); SIGHUP
// meanwhile reloads the TLS certificate.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "access/window_counters.hpp"
#include "admin/admin_routes.hpp"
#include "admin/service_settings.hpp"
#include "api/discovery.hpp"
#include "api/service.hpp"
#include "api/service_overrides.hpp"
#include "app/builtin_services.hpp"
#include "app/node_call_metrics.hpp"
#include "app/runtime.hpp"
#include "gateway/open_challenges.hpp"
#include "gateway/result_cache.hpp"
#include "gateway/token_waiters.hpp"
#include "http/cors.hpp"
#include "http/metrics.hpp"
#include "http/request_metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/worker_pool.hpp"
#include "jobs/job_runner.hpp"
#include "lightning/observed_backend.hpp"
#include "paywall/authorizer.hpp"
#include "paywall/challenger.hpp"
#include "paywall/credential_reader.hpp"
#include "paywall/idempotency_keys.hpp"
#include "paywall/rail_offers.hpp"
#include "paywall/settlement.hpp"
#include "store/media_store.hpp"

namespace l402d::app {

class ServerApp {
 public:
  ServerApp(Core& core, const ServiceFactory& services);
  ~ServerApp();

  void start();  // binds; throws with the address when it cannot
  void stop();   // graceful
  void wait();
  // Reads the TLS certificate and key again (SIGHUP) and logs the outcome; a
  // failure keeps the previous certificate. False when nothing was reloaded.
  bool reload_tls();
  std::uint16_t port() const { return server_->port(); }
  std::string public_url() const;
  http::Metrics& metrics() { return metrics_; }

 private:
  void share_access_state();
  void describe_metrics();
  void add_routes(const ServiceFactory& services);
  void add_services(const std::vector<api::Service>& services);
  api::Catalogue catalogue_of(const std::vector<api::Service>& services) const;
  void add_discovery(const std::vector<api::Service>& services);
  void add_mcp(const std::vector<api::Service>& services);
  void add_operations();
  void add_admin(const std::vector<api::Service>& services);
  admin::NodeFacts node_facts() const;
  std::function<bool(const store::TokenRecord&)> redeemable_check(
      const std::vector<api::Service>& services);
  void on_complete(const http::Exchange& exchange, const http::Response& response);
  // Refreshes the revocation list every few seconds (revocations by other
  // processes) and drops stored results and media past the retention every
  // minute.
  void janitor();
  void watch_other_instances();
  void make_job_runner();

  Core& core_;
  // Browsers may send and read every rail's headers.
  http::CorsPolicy cors_{.allow_origin = "*",
                         .expose_headers =
                             "WWW-Authenticate, Payment-Receipt, PAYMENT-REQUIRED, "
                             "PAYMENT-RESPONSE, X-L402-Replay, X-Free-Requests-Remaining, "
                             "Retry-After, Content-Length, Location, X-Job-Id, X-Poll-Url, "
                             "X-Poll-Interval-Ms, Preference-Applied",
                         .allow_headers =
                             "Authorization, Content-Type, Payment-Signature, "
                             "X-Payment, Idempotency-Key, Prefer",
                         .allow_methods = "GET, POST, OPTIONS",
                         .max_age = "86400"};
  // Idempotency keys, and free uses and challenges per client prefix, for
  // every service: in the store when instances share it (PostgreSQL), else in
  // this process's memory.
  std::unique_ptr<store::IdempotencyRecords> idempotency_records_;
  std::unique_ptr<paywall::IdempotencyKeys> idempotency_;
  std::unique_ptr<access::WindowCounters> counters_;
  gateway::TokenWaiters token_waiters_;
  // Other instances' token changes, for a shared store; declared after the
  // waiters it notifies, so it stops first.
  std::unique_ptr<store::TokenChangeFeed> token_feed_;
  std::unique_ptr<store::TokenChangeFeed> invoice_feed_;  // with the builtin node only
  http::Metrics metrics_;
  // This instance's unpaid challenges: the admin's invoices awaiting payment.
  gateway::OpenChallenges open_challenges_{&metrics_};
  http::WorkerPool store_calls_;
  gateway::ResultCache results_;
  http::WorkerPool workers_;
  // Decodes images (and other costly parses) before any invoice, off the I/O
  // threads; small, because it only serves unpaid requests.
  std::shared_ptr<http::WorkerPool> verification_;
  // The node as the paywall calls it: each call timed for /metrics.
  NodeCallMetrics node_metrics_;
  lightning::ObservedBackend node_;
  paywall::Challenger challenger_;
  paywall::Authorizer authorizer_;
  paywall::Settlement settlement_;
  paywall::CredentialReader reader_;
  paywall::RailOffers offers_;
  std::unique_ptr<store::SharedMedia> shared_media_;  // before media_, which uses it
  std::unique_ptr<store::MediaStore> media_;
  // After the store pool it calls and the services' routes it resumes jobs
  // through: it stops first.
  std::unique_ptr<jobs::JobRunner> jobs_;
  // Prices and switches the seller changed while running (the admin API),
  // kept in the store and reloaded by the janitor (other instances' changes).
  api::ServiceOverrides overrides_;
  std::unique_ptr<admin::ServiceSettings> settings_;
  std::unique_ptr<admin::AdminDeps> admin_;
  http::Router router_;
  std::unique_ptr<http::RequestMetrics> request_metrics_;  // after router_: needs its routes
  std::unique_ptr<http::Server> server_;
  mutable std::mutex url_mutex_;
  std::string public_url_;
  std::mutex janitor_mutex_;
  std::condition_variable janitor_wake_;
  bool stopping_ = false;
  std::thread janitor_;
};

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread (call before any
// thread starts, so all threads inherit the mask). Then waits for SIGINT or
// SIGTERM and returns it; each SIGHUP on the way runs `on_hangup`.
void block_termination_signals();
int wait_for_termination_signal(const std::function<void()>& on_hangup = {});

}  // namespace l402d::app
