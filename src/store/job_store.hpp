#pragma once

// Paid requests answered at once with 202 and worked on in the background
// (docs/jobs.md): the request itself, kept so that the work can be resumed
// by whichever instance finds its lease run out, and what a poll reports
// while it runs. Whether a job is done is its token's state (TokenLedger):
// the job row never duplicates it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.hpp"

namespace l402d::store {

enum class CallbackState {
  none,       // no callback_url
  pending,    // to be sent once the work ends
  delivered,  // the receiver answered 2xx
  gave_up,    // every attempt failed, or the URL was refused
};
std::string_view to_string(CallbackState s);
std::optional<CallbackState> callback_state_from_string(std::string_view s);

struct JobRecord {
  std::string job_id;  // 32 lowercase hex digits, random: not guessable
  Hash32 token_id{};
  std::string service;
  // The paid request, enough to run it again after a restart.
  std::string method;
  std::string target;
  std::string content_type;
  std::string body;
  std::string callback_url;
  CallbackState callback = CallbackState::none;
  int callback_attempts = 0;
  // What a poll shows while the work runs: a stage name, a percentage when
  // the work knows it (-1: unknown), and while it waits for an engine its
  // place in that queue (1: next; 0: not waiting).
  std::string stage = "queued";
  int percent = -1;
  int queue_position = 0;
  // Set when the work failed: what the poll answers (the token stays redeemable).
  std::string error_code;
  std::string error_message;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct JobProgress {
  std::string_view stage;
  int percent = -1;
  int queue_position = 0;
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Inserts the job, or starts again the one with this id (a failed job
  // asked for again): its callback, stage and error are reset. The token
  // already holds a claim (in_progress); another id for the same token is a
  // StoreError.
  virtual void create_job(const JobRecord& job) = 0;
  virtual std::optional<JobRecord> find_job(std::string_view job_id) = 0;
  virtual std::optional<JobRecord> find_job_for_token(const Hash32& token_id) = 0;
  virtual void set_job_progress(std::string_view job_id, const JobProgress& progress,
                                std::int64_t now) = 0;
  // The failure a poll reports; empty code: none (the work is running again).
  virtual void set_job_error(std::string_view job_id, std::string_view code,
                             std::string_view message, std::int64_t now) = 0;
  virtual void set_job_callback(std::string_view job_id, CallbackState state, int attempts,
                                std::int64_t now) = 0;
  // Jobs whose worker is gone: the token is in_progress with its lease run out.
  virtual std::vector<JobRecord> orphaned_jobs(std::int64_t now, std::size_t limit) = 0;
  // Jobs whose work has ended (token redeemed or failed) with a callback
  // still to send: after a restart, they are sent again.
  virtual std::vector<JobRecord> pending_callbacks(std::size_t limit) = 0;
  // Drops jobs created before `before` (their results are gone too).
  virtual std::size_t purge_jobs(std::int64_t before) = 0;
  // Pushes a running claim's lease to `until`, so that a crashed worker's job
  // is taken over soon while a live one keeps it. False when the token is no
  // longer in_progress (finished, or taken over by another instance).
  virtual bool extend_lease(const Hash32& token_id, std::int64_t until) = 0;
};

}  // namespace l402d::store
