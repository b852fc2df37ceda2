#pragma once

// GET /api/l402/jobs/{id}: a job's progress, then its result (docs/jobs.md).
// The job's service answers (PaywallGate::poll); this route only finds it.
//
//   202  queued or running: job_id, stage, poll_url, poll_interval_ms
//   200  (or the work's status) the result, as the request would have answered
//   4xx/5xx  the work's failure (the token stays redeemable), job_unknown (404),
//        job_credential_required (403)

#include "http/handler.hpp"
#include "http/worker_pool.hpp"
#include "jobs/job_runner.hpp"

namespace l402d::api {

http::Handler job_poll_handler(jobs::JobRunner& runner, http::WorkerPool& store_calls);

}  // namespace l402d::api
