#include "api/job_route.hpp"

#include <spdlog/spdlog.h>

#include "http/json_error.hpp"
#include "http/router.hpp"
#include "store/store_error.hpp"

namespace l402d::api {

namespace {

bool plausible_job_id(std::string_view id) {
  if (id.size() != 32) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

http::Response job_unknown(const http::Request& req) {
  return http::error_response(req, http::Status::not_found, "job_unknown",
                              "No job has this id here (or it is past the retention period).");
}

}  // namespace

http::Handler job_poll_handler(jobs::JobRunner& runner, http::WorkerPool& store_calls) {
  return [&runner, &store_calls](http::Exchange& ex) -> boost::asio::awaitable<http::Response> {
    const std::string id(http::Router::path_param(ex));
    if (!plausible_job_id(id)) co_return job_unknown(ex.request);
    std::optional<store::JobRecord> job;
    try {
      job = co_await store_calls.run([&runner, &id] { return runner.store().find_job(id); });
    } catch (const store::StoreError& e) {
      spdlog::warn("jobs: finding a job: {}", e.what());
      co_return http::error_response(ex.request, http::Status::service_unavailable,
                                     "store_unavailable",
                                     "The database is unavailable; poll again shortly.");
    }
    const auto* hooks = job ? runner.hooks_for(job->service) : nullptr;
    if (!hooks) co_return job_unknown(ex.request);
    co_return co_await hooks->poll(ex, *job);
  };
}

}  // namespace l402d::api
