#pragma once

// The paywall in front of one paid endpoint: the HTTP face of src/paywall
// (Envoy's ext_authz idea: the decision lives behind an interface, the filter
// only carries it in and out of HTTP).
//
//   no credential        -> 402 + a fresh challenge for this request's offer
//   bad credential       -> 402 + the reason + a fresh challenge (clients re-pay)
//   paid                 -> the redemption policy decides: run the work once
//                           and record its outcome, give a stored result again,
//                           wait for a running job, or refuse (410, mismatch)
//
// Store and Lightning calls can block (fsync, network), so they run on their
// pools, never on the I/O threads. What cannot block runs inline: a challenge
// when the backend and the minter need no I/O (the builtin node with derived
// root keys), verification when root keys and the deny list are in memory.
// A thread hop costs more than either.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "gateway/event_stream.hpp"
#include "gateway/job_answers.hpp"
#include "gateway/local_runs.hpp"
#include "gateway/open_challenges.hpp"
#include "gateway/paid_handler.hpp"
#include "gateway/result_cache.hpp"
#include "gateway/token_waiters.hpp"
#include "gateway/unrecorded_outcomes.hpp"
#include "http/handler.hpp"
#include "http/metrics.hpp"
#include "http/worker_pool.hpp"
#include "jobs/job_request.hpp"
#include "jobs/job_runner.hpp"
#include "paywall/authorizer.hpp"
#include "paywall/challenger.hpp"
#include "paywall/credential_reader.hpp"
#include "paywall/idempotency_keys.hpp"
#include "paywall/rail_offers.hpp"
#include "paywall/redemption_policy.hpp"
#include "paywall/settlement.hpp"
#include "store/store_health.hpp"

namespace l402d::gateway {

struct GateOptions {
  std::string service;  // caveats services=<service>:0, the metric label
  std::uint64_t price_msat = 0;
  // valid_until of the tokens sold here, from mint time; 0: the seller's default.
  std::uint32_t token_seconds = 0;
  // Set when the price depends on the request (pricing rules): it replaces
  // price_msat, and tokens carry what they were sold for.
  std::function<std::uint64_t(http::Exchange&)> price;
  // A price the seller set while the server runs (msat), read per request;
  // when it answers, it replaces both of the above and tokens carry it.
  std::function<std::optional<std::uint64_t>()> live_price;
  // How long a replay waits for a running job before 409 token_busy.
  std::uint32_t job_timeout_seconds = 300;
  std::function<std::int64_t()> now;  // unix seconds; defaults to the system clock
  // "https://host" for the x402 offer's resource URL; empty: the Host header's.
  std::function<std::string()> public_url;
  // A streamed answer's progress event after this long without an event.
  std::chrono::milliseconds event_quiet{2000};
};

struct GateDeps {
  paywall::Challenger& challenger;
  paywall::Authorizer& authorizer;
  const paywall::CredentialReader& reader;  // every rail's credential headers
  const paywall::RailOffers& offers;        // every rail's challenge and receipts
  const paywall::Settlement& settlement;    // x402 credentials that carry only the invoice
  std::shared_ptr<paywall::RedemptionPolicy> redemption;
  http::WorkerPool& store_calls;  // token ledger, stored root keys
  http::Metrics* metrics = nullptr;
  ResultCache* results = nullptr;  // optional; shared by the services
  // Challenges kept under clients' idempotency keys; null: keys are ignored.
  paywall::IdempotencyKeys* idempotency = nullptr;
  // Wakes replays waiting on a busy token when its work ends; null: they
  // look again every 200 ms.
  TokenWaiters* waiters = nullptr;
  // A database across the network whose outage stops sales; null: embedded.
  store::StoreHealth* store_health = nullptr;
  // Runs paid work answered with 202 (Prefer: respond-async); null: every
  // paid request is answered when its work ends. Needs `ledger`.
  jobs::JobRunner* jobs = nullptr;
  store::TokenLedger* ledger = nullptr;
  // This instance's unpaid challenges (the admin's invoices awaiting payment
  // and the paid / expired unpaid counts); null: not kept.
  OpenChallenges* open_challenges = nullptr;
};

// Fills an exchange rebuilt from a job's stored request the way the route's
// filters fill a live one (the parsed job in `attachment`); false when the
// stored request no longer parses.
using PrepareExchange = std::function<bool(http::Exchange&)>;

class PaywallGate {
 public:
  PaywallGate(GateOptions options, GateDeps deps);

  boost::asio::awaitable<http::Response> handle(http::Exchange& exchange, const PaidHandler& work);

  // The stored result, when the request carries a valid credential whose
  // result is cached, unexpired and bound to this very request; otherwise
  // nothing (handle() decides). Never blocks.
  std::optional<http::Response> try_replay(http::Exchange& exchange);

  // Async jobs (docs/jobs.md); need GateDeps::jobs.
  // GET on the job's URL with the credential that paid for it: 202 while it
  // runs, then exactly what the request would have answered.
  boost::asio::awaitable<http::Response> poll(http::Exchange& exchange,
                                              const store::JobRecord& job);
  // Runs again a job whose instance stopped (its lease ran out).
  boost::asio::awaitable<void> resume(const store::JobRecord& job, const PaidHandler& work,
                                      const PrepareExchange& prepare);
  // Sends again the callback of a finished job whose delivery a stop cut short.
  boost::asio::awaitable<void> redeliver(const store::JobRecord& job);

 private:
  using Presented = paywall::PresentedCredential;
  using Paid = Expected<paywall::PaidToken, paywall::Refusal>;

  paywall::Offer offer_for(http::Exchange& exchange) const;
  boost::asio::awaitable<Paid> authorize(const http::Exchange& exchange,
                                         const paywall::Offer& offer, Presented& presented);
  boost::asio::awaitable<std::optional<paywall::Refusal>> confirm_settlement(Presented& presented);
  // False while the database is known to be down (and a probe, at most once
  // a second, finds it still down); true at once for an embedded store.
  boost::asio::awaitable<bool> store_answers();
  boost::asio::awaitable<http::Response> challenge(http::Exchange& exchange,
                                                   const paywall::Offer& offer,
                                                   const paywall::Refusal& why,
                                                   const std::string& key = {});
  // An unpaid request under an idempotency key: the challenge (or, once its
  // token is redeemed, the result) handed out for that key before, else a new
  // challenge kept under it.
  boost::asio::awaitable<http::Response> keyed_challenge(http::Exchange& exchange,
                                                         const paywall::Offer& offer,
                                                         const paywall::Refusal& why,
                                                         const std::string& key);
  boost::asio::awaitable<http::Response> refused(http::Exchange& exchange,
                                                 const paywall::Offer& offer, paywall::Refusal why,
                                                 const std::string& key);
  boost::asio::awaitable<void> remember(const std::string& key, const paywall::Offer& offer,
                                        const paywall::Challenge& challenge,
                                        const paywall::ChallengeText& text);
  // The idempotency keys, on a store thread when they are in the database.
  boost::asio::awaitable<std::optional<paywall::KeyedChallenge>> find_key(const std::string& key);
  boost::asio::awaitable<void> keep_key(const std::string& key,
                                        const paywall::KeyedChallenge& entry);
  // A key first seen on a paid request: later retries under it get the result.
  boost::asio::awaitable<void> remember_paid(const std::string& key, const paywall::Offer& offer,
                                             const paywall::PaidToken& token);
  boost::asio::awaitable<http::Response> redeem(http::Exchange& exchange, const PaidHandler& work,
                                                const paywall::Offer& offer,
                                                const paywall::PaidToken& token,
                                                const Presented& presented,
                                                const jobs::JobRequest& asked);
  // The paid request asked for a job: 202 now, the work on the job runner.
  boost::asio::awaitable<http::Response> start_job(http::Exchange& exchange,
                                                   const PaidHandler& work,
                                                   const paywall::PaidToken& token,
                                                   const Presented& presented,
                                                   const jobs::JobRequest& asked);
  // The paid request asked for server-sent events: 200 text/event-stream at
  // once, the work on its own, its events and then its result written as
  // they come (docs/streaming.md).
  boost::asio::awaitable<http::Response> streamed_run(http::Exchange& exchange,
                                                      const PaidHandler& work,
                                                      const paywall::PaidToken& token,
                                                      const Presented& presented,
                                                      LocalRuns::Hold here);
  // By value: it outlives the request that started it.
  boost::asio::awaitable<void> finish_streamed(std::shared_ptr<http::Exchange> exchange,
                                               PaidHandler work, paywall::PaidToken token,
                                               std::shared_ptr<EventStream> stream,
                                               LocalRuns::Hold here);
  // The token's job, when it runs as one: its 202 instead of waiting.
  boost::asio::awaitable<std::optional<http::Response>> running_job(
      const http::Exchange& exchange, const paywall::PaidToken& token);
  boost::asio::awaitable<void> run_job(const std::shared_ptr<http::Exchange>& exchange,
                                       const PaidHandler& work, const paywall::PaidToken& token,
                                       const store::JobRecord& job);
  // What the work reports as "progress" events, written to the job for its
  // poll (the pieces of a streamed answer are not: a job keeps its result whole).
  std::function<void(std::string_view, std::string)> job_progress(const store::JobRecord& job);
  boost::asio::awaitable<void> note_failure(const store::JobRecord& job,
                                            const paywall::WorkFailure& failure);
  // The job's outcome, recorded for its poll and sent to its callback.
  boost::asio::awaitable<void> close_job(const store::JobRecord& job,
                                         const paywall::WorkOutcome& outcome);
  boost::asio::awaitable<http::Response> finished_job(http::Exchange& exchange,
                                                      const store::JobRecord& job,
                                                      const store::TokenRecord& token_record,
                                                      const paywall::PaidToken& token,
                                                      const Presented& presented);
  // How the buyer is told about `job`: its poll URL, the poll interval and,
  // with a callback, the secret its deliveries are signed with.
  JobAnswer answer_for(const http::Exchange& exchange, const store::JobRecord& job) const;
  // The work's outcome, a throw or a passed response (which cannot be kept)
  // turned into a failure.
  boost::asio::awaitable<paywall::WorkOutcome> kept_outcome(http::Exchange& exchange,
                                                            const PaidHandler& work);
  // Records the outcome with the token; a result is counted and cached.
  boost::asio::awaitable<void> record_kept(const http::Exchange& exchange,
                                           const paywall::PaidToken& token,
                                           const paywall::WorkOutcome& outcome);
  boost::asio::awaitable<void> wait_for_end(TokenWatch* watch);
  boost::asio::awaitable<http::Response> run(http::Exchange& exchange, const PaidHandler& work,
                                             const paywall::PaidToken& token,
                                             const Presented& presented);
  http::Response pass_through(http::Response response, const paywall::PaidToken& token);
  boost::asio::awaitable<std::optional<store::StoredResult>> record(
      const paywall::PaidToken& token, const paywall::WorkOutcome& outcome);
  void keep_result(const http::Exchange& exchange, const paywall::PaidToken& token,
                   const store::StoredResult& stored);
  http::Response replay(const http::Exchange& exchange, const paywall::PaidToken& token,
                        const store::StoredResult& stored, const Presented& presented);
  // The receipt of the rail the buyer paid on (Payment-Receipt, PAYMENT-RESPONSE).
  void add_receipt(http::Response& response, const paywall::PaidToken& token,
                   const Presented& presented) const;
  // "https://host": the public URL, else the Host header's.
  std::string base_url(const http::Exchange& exchange) const;
  std::string resource_url(const http::Exchange& exchange) const;
  void count_rejection(std::string_view code);
  // Counts the sale of a token whose work just ended in a result: once per
  // token (the policy's first_success), under the rail it was paid on.
  void count_redemption(const paywall::PaidToken& token,
                        const std::optional<store::StoredResult>& stored);
  void note_challenge(const paywall::Challenge& minted);
  boost::asio::awaitable<void> record_held(const Hash32& token_id);
  // The claim, unless this instance runs the token's work now (LocalRuns).
  boost::asio::awaitable<paywall::Redemption> claim(const paywall::PaidToken& token);
  std::int64_t now() const { return options_.now(); }

  GateOptions options_;
  GateDeps deps_;
  // Handles for the series every challenge or redemption updates (Metrics).
  http::Metrics::Counter challenges_issued_;
  // Indexed by paywall::Rail.
  std::array<http::Metrics::Counter, 3> payments_redeemed_;
  std::array<http::Metrics::Counter, 3> sats_earned_;
  std::uint8_t rails_offered_ = 0;         // RailBit
  http::Metrics::Histogram job_duration_;  // accepted to finished, queue included
  UnrecordedOutcomes unrecorded_;
  LocalRuns local_runs_;
};

// The endpoint: the gate with the work behind it, as the last step of a chain.
http::Handler gated(std::shared_ptr<PaywallGate> gate, PaidHandler work);

// Answers cached replays before the rest of the chain, so a paid replay skips
// parsing and validating the body again (the token is bound to this exact
// request, which was validated when it was first redeemed).
class ReplayFilter : public http::Filter {
 public:
  explicit ReplayFilter(std::shared_ptr<PaywallGate> gate) : gate_(std::move(gate)) {}
  boost::asio::awaitable<http::Response> handle(http::Exchange& exchange,
                                                const http::Handler& next) override;

 private:
  std::shared_ptr<PaywallGate> gate_;
};

}  // namespace l402d::gateway
