#pragma once

// What a buyer of an async job sees (docs/jobs.md): the 202 that names the
// job and where to poll it, in the names sats4ai's clients read (job_id,
// requestId, poll_url, poll_interval_ms and their X- headers), and the
// callback's body.

#include <chrono>
#include <string>

#include "http/message.hpp"
#include "paywall/work_outcome.hpp"
#include "store/job_store.hpp"

namespace l402d::gateway {

// Where a job is polled: <jobs_path><job_id>.
inline constexpr std::string_view kJobsPath = "/api/l402/jobs/";

struct JobAnswer {
  const store::JobRecord& job;
  std::string poll_url;  // absolute
  std::chrono::milliseconds poll_interval;
  std::string callback_secret;  // only when the job has a callback
};

// 202 Accepted: the job is queued or running.
http::Response job_accepted_response(const http::Request& request, const JobAnswer& answer);

// Headers naming the job, added to the poll's final answer too.
void add_job_headers(http::Response& response, const JobAnswer& answer);

// The callback's JSON: {"job_id", "service", "status": "completed", "http_status",
// "content_type", "result"} or {"job_id", "service", "status": "failed", "error"}.
std::string callback_body(const store::JobRecord& job, const paywall::WorkOutcome& outcome);

}  // namespace l402d::gateway
