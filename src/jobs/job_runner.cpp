#include "jobs/job_runner.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <vector>

namespace l402d::jobs {

namespace asio = boost::asio;

namespace {

constexpr std::size_t kScanBatch = 16;

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace

JobRunner::JobRunner(store::JobStore& store, http::WorkerPool& store_calls,
                     std::unique_ptr<CallbackSender> callbacks, RunnerOptions options, Clock now)
    : store_(store),
      store_calls_(store_calls),
      callbacks_(std::move(callbacks)),
      options_(options),
      now_(std::move(now)),
      callback_threads_(2, 100000) {}

JobRunner::~JobRunner() {
  stop();
}

void JobRunner::add_service(const std::string& service, ServiceHooks hooks) {
  services_[service] = std::move(hooks);
}

const JobRunner::ServiceHooks* JobRunner::hooks_for(const std::string& service) const {
  const auto it = services_.find(service);
  return it == services_.end() ? nullptr : &it->second;
}

void JobRunner::start() {
  asio::co_spawn(io_, renew_leases(), asio::detached);
  asio::co_spawn(io_, scan(), asio::detached);
  thread_ = std::thread([this] { io_.run(); });
}

void JobRunner::stop() {
  if (stopping_.exchange(true)) return;
  io_.stop();
  if (thread_.joinable()) thread_.join();
  callback_threads_.shutdown();
}

bool JobRunner::launch(const Hash32& token_id, std::function<asio::awaitable<void>()> job) {
  {
    std::lock_guard lock(mutex_);
    if (!running_.insert(token_id).second) return false;
  }
  asio::co_spawn(io_, std::move(job), [this, token_id](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("job runner: a job ended with an exception: {}", ex.what());
      }
    }
    finished(token_id);
  });
  return true;
}

void JobRunner::finished(const Hash32& token_id) {
  std::lock_guard lock(mutex_);
  running_.erase(token_id);
}

void JobRunner::deliver_callback(const store::JobRecord& job, std::string body) {
  if (job.callback_url.empty() || stopping_) return;
  {
    std::lock_guard lock(mutex_);
    if (!delivering_.insert(job.job_id).second) return;
  }
  // The delivery's outcome is in the job's row; nobody waits for it here.
  asio::co_spawn(io_, send_callback(job, std::move(body)), asio::detached);
}

asio::awaitable<void> JobRunner::send_callback(store::JobRecord job, std::string body) {
  auto* sender = callbacks_.get();
  try {
    co_await callback_threads_.run([sender, &job, &body] { return sender->deliver(job, body); });
  } catch (const std::exception& e) {
    spdlog::warn("job {}: callback: {}", job.job_id.substr(0, 8), e.what());
  }
  std::lock_guard lock(mutex_);
  delivering_.erase(job.job_id);
}

asio::awaitable<void> JobRunner::renew_leases() {
  for (;;) {
    co_await sleep_for(options_.renew_every);
    std::vector<Hash32> tokens;
    {
      std::lock_guard lock(mutex_);
      tokens.assign(running_.begin(), running_.end());
    }
    const auto until = now_() + options_.lease_seconds;
    try {
      co_await store_calls_.run([this, &tokens, until] {
        for (const auto& t : tokens)
          store_.extend_lease(t, until);
      });
    } catch (const std::exception& e) {
      spdlog::warn("job runner: renewing leases: {}", e.what());
    }
  }
}

asio::awaitable<void> JobRunner::scan() {
  for (;;) {
    try {
      co_await scan_once();
    } catch (const std::exception& e) {
      spdlog::warn("job runner: looking for jobs to resume: {}", e.what());
    }
    co_await sleep_for(options_.scan_every);
  }
}

asio::awaitable<void> JobRunner::scan_once() {
  const auto at = now_();
  auto orphans =
      co_await store_calls_.run([this, at] { return store_.orphaned_jobs(at, kScanBatch); });
  for (auto& job : orphans) {
    const auto hooks = services_.find(job.service);
    if (hooks == services_.end()) continue;  // a service this instance does not offer
    spdlog::info("job {}: resuming ({} had stopped)", job.job_id.substr(0, 8), job.service);
    const auto& resume = hooks->second.resume;
    launch(job.token_id, [resume, job]() { return resume(job); });
  }
  auto undelivered =
      co_await store_calls_.run([this] { return store_.pending_callbacks(kScanBatch); });
  for (auto& job : undelivered) {
    const auto hooks = services_.find(job.service);
    if (hooks == services_.end()) continue;
    {
      std::lock_guard lock(mutex_);
      if (running_.count(job.token_id) || delivering_.count(job.job_id)) continue;
    }
    co_await hooks->second.redeliver(job);
  }
}

}  // namespace l402d::jobs
