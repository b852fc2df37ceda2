// The paywall gate's async jobs (docs/jobs.md): a paid request that asked
// for a job is claimed exactly as a waiting one is, then answered with 202
// while its work runs on the job runner. The token's state stays the one
// truth: a poll, a replay of the identical request and a resumed job all
// read it, so a job is never run twice at once and its result is the one
// any request for it gets.

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>

#include "gateway/gate_calls.hpp"
#include "gateway/job_answers.hpp"
#include "gateway/paywall_gate.hpp"
#include "gateway/responses.hpp"
#include "http/json_error.hpp"
#include "store/claim_rules.hpp"
#include "store/store_error.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::gateway {

using http::Exchange;
using http::Response;

namespace {

std::string new_job_id() {
  return to_hex(random_array<16>());
}

store::JobRecord job_of(const Exchange& ex, const std::string& service, const Hash32& token_id,
                        const jobs::JobRequest& asked, std::int64_t now) {
  store::JobRecord job;
  job.job_id = new_job_id();
  job.token_id = token_id;
  job.service = service;
  job.method = std::string(http::beast_http::to_string(ex.request.method()));
  job.target = std::string(ex.request.target());
  job.content_type = std::string(ex.request[http::Field::content_type]);
  job.body = ex.request.body();
  job.callback_url = asked.callback_url;
  job.callback =
      asked.callback_url.empty() ? store::CallbackState::none : store::CallbackState::pending;
  job.created_at = now;
  job.updated_at = now;
  return job;
}

// The request a job was made from, as the server would have read it.
std::shared_ptr<Exchange> exchange_of(const store::JobRecord& job) {
  auto ex = std::make_shared<Exchange>();
  ex->request.method(http::beast_http::string_to_verb(job.method));
  ex->request.target(job.target);
  if (!job.content_type.empty()) ex->request.set(http::Field::content_type, job.content_type);
  ex->request.body() = job.body;
  ex->request.prepare_payload();
  return ex;
}

paywall::PaidToken paid_token_of(const store::TokenRecord& t) {
  paywall::PaidToken token;
  token.token_id = t.token_id;
  token.payment_hash = t.payment_hash;
  token.service = t.service;
  if (store::is_bound(t.request_hash)) token.request_hash = t.request_hash;
  token.price_msat = t.price_msat;
  return token;
}

Response job_credential_required(const http::Request& req) {
  return http::error_response(req, http::Status::forbidden, "job_credential_required",
                              "Poll a job with the Authorization header of the request that "
                              "paid for it.");
}

}  // namespace

JobAnswer PaywallGate::answer_for(const Exchange& ex, const store::JobRecord& job) const {
  JobAnswer answer{job,
                   base_url(ex) + std::string(kJobsPath) + job.job_id,
                   deps_.jobs->options().poll_interval,
                   {}};
  if (!job.callback_url.empty())
    answer.callback_secret = deps_.jobs->callbacks().secret_for(job.job_id);
  return answer;
}

boost::asio::awaitable<Response> PaywallGate::start_job(Exchange& ex, const PaidHandler& work,
                                                        const paywall::PaidToken& token,
                                                        const Presented& presented,
                                                        const jobs::JobRequest& asked) {
  auto* runner = deps_.jobs;
  auto& store = runner->store();
  auto job = job_of(ex, options_.service, token.token_id, asked, now());
  const auto lease_until = now() + runner->options().lease_seconds;
  try {
    co_await deps_.store_calls.run([&] {
      // A token whose job failed and is asked again keeps its job's id.
      if (auto earlier = store.find_job_for_token(token.token_id)) job.job_id = earlier->job_id;
      store.create_job(job);
      store.extend_lease(token.token_id, lease_until);
    });
  } catch (const store::StoreError& e) {
    // The claim's lease runs out and the same credential starts it again.
    spdlog::warn("{}: {}: recording a job: store: {}", options_.service, ex.log_note, e.what());
    co_return unavailable_response(ex.request, "store_unavailable",
                                   "The job could not be recorded; nothing was used up. Repeat "
                                   "the request shortly.");
  }
  auto copy = std::make_shared<Exchange>(ex);
  copy->body_stream = nullptr;
  runner->launch(token.token_id,
                 [this, copy, work, token, job]() { return run_job(copy, work, token, job); });
  ex.log_note += " job=" + job.job_id.substr(0, 8);
  auto res = job_accepted_response(ex.request, answer_for(ex, job));
  add_receipt(res, token, presented);
  co_return res;
}

boost::asio::awaitable<std::optional<Response>> PaywallGate::running_job(
    const Exchange& ex, const paywall::PaidToken& token) {
  auto& store = deps_.jobs->store();
  const auto job =
      co_await deps_.store_calls.run([&] { return store.find_job_for_token(token.token_id); });
  if (!job) co_return std::nullopt;
  co_return job_accepted_response(ex.request, answer_for(ex, *job));
}

boost::asio::awaitable<void> PaywallGate::run_job(const std::shared_ptr<Exchange>& ex,
                                                  const PaidHandler& work,
                                                  const paywall::PaidToken& token,
                                                  const store::JobRecord& job) {
  auto& store = deps_.jobs->store();
  const auto started = now();
  const auto clock_started = std::chrono::steady_clock::now();
  co_await deps_.store_calls.run([&] { store.set_job_progress(job.job_id, {"running"}, started); });
  ex->events = job_progress(job);
  const auto recorded = co_await kept_outcome(*ex, work);
  // The failure is on the job before the token says it failed, so that no
  // poll in between finds a failed job without its reason.
  if (const auto* failure = std::get_if<paywall::WorkFailure>(&recorded))
    co_await note_failure(job, *failure);
  co_await record_kept(*ex, token, recorded);
  co_await close_job(job, recorded);
  job_duration_.observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_started).count());
}

std::function<void(std::string_view, std::string)> PaywallGate::job_progress(
    const store::JobRecord& job) {
  return [this, job_id = job.job_id](std::string_view event, std::string data) {
    if (event != "progress") return;
    boost::json::error_code ec;
    const auto parsed = boost::json::parse(data, ec);
    const auto* o = parsed.if_object();
    if (ec || !o) return;
    const auto number = [o](std::string_view key, int otherwise) {
      const auto* v = o->if_contains(key);
      return v && v->is_int64() ? static_cast<int>(v->get_int64()) : otherwise;
    };
    const auto* stage = o->if_contains("stage");
    if (!stage || !stage->is_string()) return;
    const store::JobProgress progress{stage->get_string(), number("percent", -1),
                                      number("queue_position", 0)};
    // On the engine's thread, a few times a job: a blocking write is fine
    // here, and a failed one only leaves the poll a stage behind.
    try {
      deps_.jobs->store().set_job_progress(job_id, progress, now());
    } catch (const store::StoreError& e) {
      spdlog::debug("{}: job {}: recording progress: {}", options_.service, job_id.substr(0, 8),
                    e.what());
    }
  };
}

boost::asio::awaitable<void> PaywallGate::close_job(const store::JobRecord& job,
                                                    const paywall::WorkOutcome& outcome) {
  auto& store = deps_.jobs->store();
  const auto* failure = std::get_if<paywall::WorkFailure>(&outcome);
  const auto at = now();
  try {
    co_await deps_.store_calls.run([&] {
      // A job asked again after a failure starts with its error cleared
      // (create_job), so a completed job has none left to clear.
      if (failure) {
        store.set_job_progress(job.job_id, {"failed"}, at);
      } else {
        store.set_job_progress(job.job_id, {"completed", 100}, at);
      }
    });
  } catch (const store::StoreError& e) {
    spdlog::warn("{}: job {}: recording its end: {}", options_.service, job.job_id.substr(0, 8),
                 e.what());
  }
  deps_.jobs->deliver_callback(job, callback_body(job, outcome));
}

boost::asio::awaitable<void> PaywallGate::note_failure(const store::JobRecord& job,
                                                       const paywall::WorkFailure& failure) {
  auto& store = deps_.jobs->store();
  const auto at = now();
  try {
    co_await deps_.store_calls.run(
        [&] { store.set_job_error(job.job_id, failure.code, failure.message, at); });
  } catch (const store::StoreError& e) {
    spdlog::warn("{}: job {}: recording its failure: {}", options_.service, job.job_id.substr(0, 8),
                 e.what());
  }
}

boost::asio::awaitable<void> PaywallGate::resume(const store::JobRecord& job,
                                                 const PaidHandler& work,
                                                 const PrepareExchange& prepare) {
  auto* ledger = deps_.ledger;
  const auto found =
      co_await deps_.store_calls.run([&] { return ledger->find_token(job.token_id); });
  if (!found) co_return;
  const auto token = paid_token_of(*found);
  const auto redemption =
      co_await deps_.store_calls.run([&] { return deps_.redemption->begin(token, now()); });
  // Another instance took it over first, or it ended meanwhile.
  if (redemption.kind != paywall::Redemption::Kind::run) co_return;
  auto ex = exchange_of(job);
  ex->log_note = token_note(token.token_id) + " job=" + job.job_id.substr(0, 8) + " resumed";
  if (!prepare(*ex)) {
    const paywall::WorkFailure unreadable{"job_unreadable",
                                          "The job's stored request no longer parses.", false};
    const paywall::WorkOutcome failed = unreadable;
    co_await note_failure(job, unreadable);
    co_await record(token, failed);
    co_await close_job(job, failed);
    co_return;
  }
  const auto lease_until = now() + deps_.jobs->options().lease_seconds;
  co_await deps_.store_calls.run(
      [&] { deps_.jobs->store().extend_lease(token.token_id, lease_until); });
  co_await run_job(ex, work, token, job);
}

boost::asio::awaitable<void> PaywallGate::redeliver(const store::JobRecord& job) {
  auto* ledger = deps_.ledger;
  const auto found =
      co_await deps_.store_calls.run([&] { return ledger->find_token(job.token_id); });
  if (!found) co_return;
  if (found->state == store::TokenState::failed) {
    const paywall::WorkOutcome failed =
        paywall::WorkFailure{job.error_code, job.error_message, false};
    deps_.jobs->deliver_callback(job, callback_body(job, failed));
    co_return;
  }
  const auto token = paid_token_of(*found);
  auto redemption =
      co_await deps_.store_calls.run([&] { return deps_.redemption->begin(token, now()); });
  if (redemption.kind != paywall::Redemption::Kind::replay || !redemption.result) co_return;
  const auto& r = *redemption.result;
  const paywall::WorkOutcome done =
      paywall::WorkResult{r.status, r.content_type, std::string(r.body.begin(), r.body.end())};
  deps_.jobs->deliver_callback(job, callback_body(job, done));
}

boost::asio::awaitable<Response> PaywallGate::poll(Exchange& ex, const store::JobRecord& job) {
  auto* ledger = deps_.ledger;
  std::optional<store::TokenRecord> found;
  try {
    found = co_await deps_.store_calls.run([&] { return ledger->find_token(job.token_id); });
  } catch (const store::StoreError& e) {
    spdlog::warn("{}: polling a job: store: {}", options_.service, e.what());
    co_return unavailable_response(ex.request, "store_unavailable",
                                   "The database is unavailable; poll again shortly.");
  }
  if (!found) co_return job_credential_required(ex.request);
  paywall::Offer offer{options_.service, found->price_msat, std::nullopt, options_.token_seconds};
  if (store::is_bound(found->request_hash)) offer.request_hash = found->request_hash;
  Presented presented;
  std::optional<Paid> paid;
  try {
    paid = co_await authorize(ex, offer, presented);
  } catch (const std::exception& e) {
    spdlog::warn("{}: polling a job: verifying the credential: {}", options_.service, e.what());
    co_return unavailable_response(ex.request, "store_unavailable",
                                   "The credential could not be checked now; poll again shortly.");
  }
  if (!*paid || (**paid).token_id != job.token_id) co_return job_credential_required(ex.request);
  ex.log_note = token_note(job.token_id) + " job=" + job.job_id.substr(0, 8);
  if (found->state == store::TokenState::redeemed || found->state == store::TokenState::failed)
    co_return co_await finished_job(ex, job, *found, **paid, presented);
  co_return job_accepted_response(ex.request, answer_for(ex, job));
}

boost::asio::awaitable<Response> PaywallGate::finished_job(Exchange& ex,
                                                           const store::JobRecord& job,
                                                           const store::TokenRecord& found,
                                                           const paywall::PaidToken& token,
                                                           const Presented& presented) {
  const auto answer = answer_for(ex, job);
  if (found.state == store::TokenState::failed) {
    auto res = failure_response(
        ex.request,
        {job.error_code.empty() ? "work_failed" : job.error_code, job.error_message, false});
    add_job_headers(res, answer);
    co_return res;
  }
  const auto redemption =
      co_await deps_.store_calls.run([&] { return deps_.redemption->begin(token, now()); });
  if (redemption.kind != paywall::Redemption::Kind::replay || !redemption.result)
    co_return result_expired_response(ex.request);
  auto res = replay(ex, token, *redemption.result, presented);
  add_job_headers(res, answer);
  co_return res;
}

}  // namespace l402d::gateway
