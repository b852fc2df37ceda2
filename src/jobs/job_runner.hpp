#pragma once

// Where paid work answered with 202 runs (docs/jobs.md): one thread of its
// own, so that a job outlives the request that started it and never waits on
// an I/O thread's connections. It keeps the leases of the jobs running here
// short and renewed, so that a job whose instance died is taken over within
// a lease by whichever instance scans first, and it delivers callbacks on
// threads of their own (a slow receiver holds nothing else).
//
// The runner knows no service: each registers how to resume its jobs and
// how to redeliver a finished job's callback (the paywall gate does both).

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "http/message.hpp"
#include "http/worker_pool.hpp"
#include "jobs/callback_sender.hpp"
#include "store/job_store.hpp"

namespace l402d::jobs {

struct RunnerOptions {
  // A running job's lease, renewed every renew_every: a job whose instance
  // died is resumed about this long after.
  std::int64_t lease_seconds = 30;
  std::chrono::milliseconds renew_every{10'000};
  std::chrono::milliseconds scan_every{5'000};     // orphans and undelivered callbacks
  std::chrono::milliseconds poll_interval{2'000};  // what buyers are told to wait
};

class JobRunner {
 public:
  using Clock = std::function<std::int64_t()>;
  // For a job of this service: run it again (its token's lease is run out),
  // or send its finished callback again.
  struct ServiceHooks {
    std::function<boost::asio::awaitable<void>(const store::JobRecord&)> resume;
    std::function<boost::asio::awaitable<void>(const store::JobRecord&)> redeliver;
    // Answers a poll of one of its jobs.
    std::function<boost::asio::awaitable<http::Response>(http::Exchange&, const store::JobRecord&)>
        poll;
  };

  JobRunner(store::JobStore& store, http::WorkerPool& store_calls,
            std::unique_ptr<CallbackSender> callbacks, RunnerOptions options, Clock now);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void add_service(const std::string& service, ServiceHooks hooks);
  // Null for a service this instance does not offer.
  const ServiceHooks* hooks_for(const std::string& service) const;
  // Starts the thread and the scans. Call once the services are added.
  void start();
  // Ends the scans and the thread. Jobs still running are abandoned: their
  // leases run out and the next instance (or this one restarted) resumes them.
  void stop();

  // Runs `job` on the runner, its token's lease renewed until it ends. False
  // when the token's job already runs here.
  bool launch(const Hash32& token_id, std::function<boost::asio::awaitable<void>()> job);
  // Sends the finished job's `body` to its callback_url, on a callback thread.
  void deliver_callback(const store::JobRecord& job, std::string body);

  CallbackSender& callbacks() { return *callbacks_; }
  store::JobStore& store() { return store_; }
  const RunnerOptions& options() const { return options_; }

 private:
  boost::asio::awaitable<void> renew_leases();
  boost::asio::awaitable<void> scan();
  boost::asio::awaitable<void> scan_once();
  void finished(const Hash32& token_id);
  // By value: the coroutine outlives its caller's arguments.
  boost::asio::awaitable<void> send_callback(store::JobRecord job, std::string body);

  store::JobStore& store_;
  http::WorkerPool& store_calls_;
  std::unique_ptr<CallbackSender> callbacks_;
  RunnerOptions options_;
  Clock now_;
  boost::asio::io_context io_;
  std::thread thread_;
  http::WorkerPool callback_threads_;
  std::map<std::string, ServiceHooks> services_;
  mutable std::mutex mutex_;
  std::set<Hash32> running_;          // tokens whose job runs here
  std::set<std::string> delivering_;  // jobs whose callback is being sent
  std::atomic<bool> stopping_{false};
};

}  // namespace l402d::jobs
