#pragma once

// Delivers a finished job to its callback_url once: POST of the job's final
// answer (docs/jobs.md), signed (callback_signature.hpp), retried with
// backoff while the receiver fails or cannot be reached, and recorded in the
// job's row so that a restart neither loses nor repeats a delivery that
// ended. Blocking: it runs on a worker thread.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "net/http_client.hpp"
#include "store/job_store.hpp"
#include "util/bytes.hpp"

namespace l402d::jobs {

struct CallbackOptions {
  // Loopback and private addresses are refused unless set (a test, or a
  // seller whose buyers are on the same network).
  bool allow_private = false;
  int attempts = 6;
  std::chrono::milliseconds first_backoff{1000};  // doubled after each failure
  std::chrono::milliseconds timeout{10'000};      // each attempt
};

class CallbackSender {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;
  using Clock = std::function<std::int64_t()>;
  CallbackSender(store::JobStore& store, Bytes server_secret, CallbackOptions options, Clock now,
                 Sleep sleep = {});

  // Sends `body` (the job's final JSON) to job.callback_url until it is
  // taken or the attempts run out; records the outcome. Returns whether a
  // receiver took it.
  bool deliver(const store::JobRecord& job, const std::string& body);

  // The secret the buyer verifies this job's callbacks with.
  std::string secret_for(std::string_view job_id) const;

 private:
  bool attempt(const store::JobRecord& job, const std::string& body);

  store::JobStore& store_;
  Bytes server_secret_;
  CallbackOptions options_;
  Clock now_;
  Sleep sleep_;
  std::unique_ptr<net::HttpClient> client_;
};

}  // namespace l402d::jobs
