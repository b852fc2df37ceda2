#include "gateway/paywall_gate.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/credential_headers.hpp"
#include "gateway/gate_calls.hpp"
#include "gateway/request_hash.hpp"
#include "gateway/responses.hpp"
#include "http/json_error.hpp"
#include "l402/identifier.hpp"
#include "l402/macaroon.hpp"
#include "store/store_error.hpp"
#include "util/base64.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"

namespace l402d::gateway {

using http::Exchange;
using http::Response;

namespace {

Response store_unavailable_response(const http::Request& req) {
  return unavailable_response(req, "store_unavailable",
                              "The database is unavailable; nothing was charged or used up. "
                              "Repeat the request shortly.");
}

Response store_failure(const http::Request& req, const store::StoreError& e) {
  if (e.kind() == store::StoreError::Kind::unavailable) return store_unavailable_response(req);
  return internal_failure_response(req);
}

// The key was used before for another request than this offer's.
bool used_for_another(const std::optional<paywall::KeyedChallenge>& entry,
                      const paywall::Offer& offer) {
  return entry && (entry->service != offer.service || entry->request_hash != offer.request_hash);
}

// Why a valid token buys nothing more here: a fresh challenge follows.
paywall::Refusal spent(paywall::Rail rail, paywall::Redemption::Kind kind) {
  if (kind == paywall::Redemption::Kind::used_up) {
    return {rail, "token_used_up",
            "This token's requests are all used. Pay the new invoice for more."};
  }
  return {rail, "token_request_mismatch",
          "This token paid for a different request. Pay the new invoice for this one."};
}

Response key_reused(const Exchange& ex) {
  return http::error_response(ex.request, http::Status::unprocessable_entity,
                              "idempotency_key_reused",
                              "This Idempotency-Key was used for a different request; use a new "
                              "key for a new request.");
}

}  // namespace

PaywallGate::PaywallGate(GateOptions options, GateDeps deps)
    : options_(std::move(options)),
      deps_(deps),
      local_runs_([waiters = deps.waiters](const Hash32& token_id) {
        if (waiters) waiters->notify(token_id);
      }) {
  if (!options_.now) options_.now = unix_now;
  if (deps_.metrics) {
    const http::Labels service{{"service", options_.service}};
    challenges_issued_ = deps_.metrics->counter("l402d_challenges_issued_total", service);
    for (const auto rail : {paywall::Rail::l402, paywall::Rail::mpp, paywall::Rail::x402}) {
      const http::Labels labels{{"service", options_.service},
                                {"rail", std::string(to_string(rail))}};
      const auto i = static_cast<std::size_t>(rail);
      payments_redeemed_[i] = deps_.metrics->counter("l402d_payments_redeemed_total", labels);
      sats_earned_[i] = deps_.metrics->counter("l402d_sats_earned_total", labels);
    }
    job_duration_ = deps_.metrics->histogram("l402d_job_duration_seconds", service);
  }
  const auto& rails = deps_.reader.rails();
  rails_offered_ = static_cast<std::uint8_t>(
      (rails.l402 ? rail_l402 : 0) | (rails.mpp ? rail_mpp : 0) | (rails.x402 ? rail_x402 : 0));
}

void PaywallGate::count_rejection(std::string_view code) {
  if (deps_.metrics) {
    deps_.metrics->add_counter("l402d_credentials_rejected_total",
                               {{"service", options_.service}, {"code", std::string(code)}});
  }
}

void PaywallGate::count_redemption(const paywall::PaidToken& token,
                                   const std::optional<store::StoredResult>& stored) {
  if (!deps_.redemption->first_success(token, stored)) return;
  const auto i = static_cast<std::size_t>(token.rail);
  payments_redeemed_[i].add();
  sats_earned_[i].add(static_cast<double>(token.price_msat) / 1000.0);
}

void PaywallGate::note_challenge(const paywall::Challenge& minted) {
  challenges_issued_.add();
  if (!deps_.open_challenges) return;
  const auto issued_at = now();
  deps_.open_challenges->add({minted.payment_hash, options_.service, minted.price_msat,
                              rails_offered_, issued_at, minted.expires_at},
                             issued_at);
}

paywall::Offer PaywallGate::offer_for(Exchange& ex) const {
  paywall::Offer offer{options_.service, options_.price_msat, std::nullopt, options_.token_seconds};
  if (auto live = options_.live_price ? options_.live_price() : std::nullopt) {
    offer.price_msat = *live;
    offer.priced_per_request = true;
  } else if (options_.price) {
    offer.price_msat = options_.price(ex);
    offer.priced_per_request = true;
  }
  if (deps_.redemption->binds_request()) offer.request_hash = request_hash_of(ex);
  return offer;
}

boost::asio::awaitable<Response> PaywallGate::handle(Exchange& ex, const PaidHandler& work) {
  const auto offer = offer_for(ex);
  std::string key;
  if (const auto header = ex.request["Idempotency-Key"]; !header.empty() && deps_.idempotency) {
    auto parsed = paywall::parse_idempotency_key(header);
    if (!parsed) {
      co_return http::error_response(
          ex.request, http::Status::bad_request, "idempotency_key_invalid",
          "Idempotency-Key must be 16 to 255 visible ASCII characters (a UUID will do).");
    }
    key = std::move(*parsed);
  }
  jobs::JobRequest asked;
  if (deps_.jobs) {
    auto read = jobs::read_job_request(ex);
    if (!read) {
      co_return http::error_response(ex.request, http::Status::bad_request, read.error().code,
                                     read.error().message);
    }
    asked = std::move(*read);
  }
  Presented presented;
  std::optional<Paid> paid;
  try {
    paid = co_await authorize(ex, offer, presented);
  } catch (const store::StoreError& e) {
    spdlog::warn("{}: verifying a credential: store: {}", options_.service, e.what());
    co_return store_failure(ex.request, e);
  } catch (const lightning::BackendError& e) {
    spdlog::warn("{}: confirming a payment: lightning {}: {}", options_.service,
                 to_string(e.code()), e.what());
    co_return unavailable_response(ex.request, "lightning_unavailable",
                                   "The Lightning node could not confirm the payment; repeat "
                                   "the request shortly. Nothing was used up.");
  }
  if (!*paid) co_return co_await refused(ex, offer, std::move(paid->error()), key);
  (*paid)->rail = presented.rail;
  // The first sight of a paid credential here is its challenge's payment.
  if (deps_.open_challenges) deps_.open_challenges->paid((*paid)->payment_hash);
  if (key.empty() && deps_.idempotency) key = presented.payment_identifier;
  if (!key.empty()) {
    const auto kept = co_await find_key(key);
    if (used_for_another(kept, offer)) co_return key_reused(ex);
    co_await remember_paid(key, offer, **paid);
  }
  ex.log_note = token_note((*paid)->token_id);
  if (presented.rail != paywall::Rail::l402) {
    ex.log_note += ' ';
    ex.log_note += to_string(presented.rail);
  }
  co_return co_await redeem(ex, work, offer, **paid, presented, asked);
}

boost::asio::awaitable<Response> PaywallGate::refused(Exchange& ex, const paywall::Offer& offer,
                                                      paywall::Refusal why,
                                                      const std::string& key) {
  if (!why.missing()) {
    count_rejection(why.code);
    co_return co_await challenge(ex, offer, why);
  }
  why.code = "payment_required";
  why.message =
      "Pay the invoice, then repeat this identical request with the header "
      "'Authorization: L402 <macaroon>:<preimage>' (or the Payment or x402 credential).";
  if (!key.empty()) co_return co_await keyed_challenge(ex, offer, why, key);
  co_return co_await challenge(ex, offer, why);
}

boost::asio::awaitable<Response> PaywallGate::keyed_challenge(Exchange& ex,
                                                              const paywall::Offer& offer,
                                                              const paywall::Refusal& why,
                                                              const std::string& key) {
  auto entry = co_await find_key(key);
  if (used_for_another(entry, offer)) co_return key_reused(ex);
  if (!entry) co_return co_await challenge(ex, offer, why, key);
  if (deps_.results) {
    auto cached = deps_.results->get(entry->token_id);
    if (cached && offer.request_hash && cached->request_hash == *offer.request_hash &&
        now() - cached->stored_at < deps_.redemption->retention_seconds()) {
      paywall::WorkResult result{cached->status, cached->content_type, cached->body};
      co_return result_response(ex.request, result, true);
    }
  }
  // A key first seen with a credential has no challenge to give again.
  if (entry->challenge.invoice.empty()) co_return co_await challenge(ex, offer, why);
  ex.log_note = "idempotent " + token_note(entry->token_id);
  co_return challenge_response(ex.request, entry->challenge, entry->text, why);
}

boost::asio::awaitable<void> PaywallGate::remember_paid(const std::string& key,
                                                        const paywall::Offer& offer,
                                                        const paywall::PaidToken& token) {
  paywall::KeyedChallenge entry{offer.service, offer.request_hash, {}, {}, token.token_id};
  // Kept as long as the result is: that is what a keyed retry can get back.
  entry.challenge.expires_at =
      now() + std::max<std::int64_t>(deps_.redemption->retention_seconds(), 3600);
  co_await keep_key(key, entry);
}

boost::asio::awaitable<std::optional<paywall::KeyedChallenge>> PaywallGate::find_key(
    const std::string& key) {
  paywall::IdempotencyKeys* keys = deps_.idempotency;
  const std::int64_t at = now();
  co_return co_await run_on(deps_.store_calls, keys->may_block(),
                            [keys, &key, at] { return keys->find(key, at); });
}

// Arguments by reference: GCC 12 may destroy a by-value argument of a
// coroutine called in a co_await expression twice.
boost::asio::awaitable<void> PaywallGate::keep_key(const std::string& key,
                                                   const paywall::KeyedChallenge& entry) {
  paywall::IdempotencyKeys* keys = deps_.idempotency;
  const std::int64_t at = now();
  co_await run_on(deps_.store_calls, keys->may_block(),
                  [keys, &key, &entry, at] { keys->remember(key, entry, at); });
}

boost::asio::awaitable<PaywallGate::Paid> PaywallGate::authorize(const Exchange& ex,
                                                                 const paywall::Offer& offer,
                                                                 Presented& presented) {
  auto headers = presented_headers(ex.request);
  auto read = deps_.reader.read(headers);
  if (!read) co_return unexpected(std::move(read.error()));
  presented = std::move(*read);
  if (!presented.preimage) {
    auto refused = co_await confirm_settlement(presented);
    if (refused) co_return unexpected(std::move(*refused));
  }
  co_return co_await run_on(deps_.store_calls, deps_.authorizer.may_block(),
                            [&] { return deps_.authorizer.authorize(presented, offer); });
}

// An x402 credential that names only the invoice: the node says whether it
// is paid, and its preimage then proves it like any other. The macaroon is
// checked first, so nobody makes the node answer for a token we never sold.
boost::asio::awaitable<std::optional<paywall::Refusal>> PaywallGate::confirm_settlement(
    Presented& presented) {
  const auto& settlement = deps_.settlement;
  auto hash = co_await run_on(deps_.store_calls, settlement.verification_blocks(),
                              [&] { return settlement.payment_hash_of(presented.macaroon); });
  if (!hash) co_return paywall::Refusal::from(presented.rail, hash.error());
  const auto answer = co_await settlement.wait(*hash, std::chrono::milliseconds(0));
  if (answer.state == paywall::SettlementAnswer::State::settled) {
    presented.preimage = answer.preimage;
    co_return std::nullopt;
  }
  co_return paywall::Refusal{presented.rail, std::string(paywall::refusal_code::payment_unsettled),
                             "The node has not received payment for this invoice. Pay it, "
                             "then repeat the request."};
}

boost::asio::awaitable<bool> PaywallGate::store_answers() {
  store::StoreHealth* health = deps_.store_health;
  if (health == nullptr || health->up()) co_return true;
  co_return co_await deps_.store_calls.run([health] { return health->check(); });
}

boost::asio::awaitable<Response> PaywallGate::challenge(Exchange& ex, const paywall::Offer& offer,
                                                        const paywall::Refusal& why,
                                                        const std::string& key) {
  if (!co_await store_answers()) {
    spdlog::warn("{}: no invoice: the database is unavailable", options_.service);
    co_return store_unavailable_response(ex.request);
  }
  std::optional<paywall::Challenge> minted;
  try {
    auto invoice = co_await deps_.challenger.invoice_for(offer);
    minted = co_await run_on(deps_.store_calls, deps_.challenger.minting_blocks(),
                             [&] { return deps_.challenger.mint(offer, std::move(invoice)); });
  } catch (const lightning::BackendError& e) {
    spdlog::warn("{}: no invoice: lightning {}: {}", options_.service, to_string(e.code()),
                 e.what());
    co_return unavailable_response(ex.request, "lightning_unavailable",
                                   "The Lightning node could not create an invoice; retry "
                                   "shortly. No payment was requested.");
  } catch (const store::StoreError& e) {
    spdlog::warn("{}: no invoice: store: {}", options_.service, e.what());
    co_return store_failure(ex.request, e);
  }
  note_challenge(*minted);
  const bool again = !why.missing() && why.code != "payment_required";
  const auto text = deps_.offers.render(*minted, resource_url(ex),
                                        again ? std::string_view(why.message) : "", now());
  auto res = challenge_response(ex.request, *minted, text, why);
  if (!key.empty()) co_await remember(key, offer, *minted, text);
  if (again && why.rail == paywall::Rail::x402) {
    res.head().set("PAYMENT-RESPONSE", deps_.offers.x402_failure(why.code, minted->invoice));
  }
  co_return res;
}

boost::asio::awaitable<void> PaywallGate::remember(const std::string& key,
                                                   const paywall::Offer& offer,
                                                   const paywall::Challenge& challenge,
                                                   const paywall::ChallengeText& text) {
  const paywall::KeyedChallenge entry{offer.service, offer.request_hash, challenge, text,
                                      challenge.token_id};
  co_await keep_key(key, entry);
}

std::string PaywallGate::base_url(const Exchange& ex) const {
  std::string base = options_.public_url ? options_.public_url() : std::string();
  if (base.empty()) {
    const auto host = ex.request[http::Field::host];
    base = "http://" + std::string(host.empty() ? "localhost" : host);
  }
  return base;
}

std::string PaywallGate::resource_url(const Exchange& ex) const {
  return base_url(ex) + std::string(http::target_path(ex.request));
}

void PaywallGate::add_receipt(Response& res, const paywall::PaidToken& token,
                              const Presented& presented) const {
  switch (presented.rail) {
    case paywall::Rail::mpp:
      res.head().set("Payment-Receipt", deps_.offers.mpp_receipt(token, presented, now()));
      // A receipt names one buyer's payment: shared caches must not keep it.
      if (res.header(http::Field::cache_control).empty())
        res.set(http::Field::cache_control, "private");
      break;
    case paywall::Rail::x402:
      res.head().set("PAYMENT-RESPONSE", deps_.offers.x402_success(presented, now()));
      break;
    case paywall::Rail::l402:
      break;
  }
}

boost::asio::awaitable<Response> PaywallGate::redeem(Exchange& ex, const PaidHandler& work,
                                                     const paywall::Offer& offer,
                                                     const paywall::PaidToken& token,
                                                     const Presented& presented,
                                                     const jobs::JobRequest& asked) {
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(options_.job_timeout_seconds + 60);
  // Made before the first read, so that the job's end is heard even if it
  // comes between a read that found it busy and the wait.
  // (Not inside one expression with the co_await: GCC 12 destroys such
  // temporaries twice.)
  const auto executor = co_await boost::asio::this_coro::executor;
  std::shared_ptr<TokenWatch> watch;
  if (deps_.waiters) watch = deps_.waiters->watch(token.token_id, executor);
  for (;;) {
    paywall::Redemption redemption;
    try {
      redemption = co_await claim(token);
    } catch (const store::StoreError& e) {
      spdlog::warn("{}: {}: claim: store: {}", options_.service, ex.log_note, e.what());
      co_return store_failure(ex.request, e);
    }
    using Kind = paywall::Redemption::Kind;
    switch (redemption.kind) {
      case Kind::run: {
        // The job runner keeps its own jobs apart (one per token).
        if (asked.async) co_return co_await start_job(ex, work, token, presented, asked);
        auto here = deps_.redemption->binds_request() ? local_runs_.hold(token.token_id)
                                                      : LocalRuns::Hold();
        if (deps_.redemption->binds_request() && asks_for_events(ex))
          co_return co_await streamed_run(ex, work, token, presented, std::move(here));
        co_return co_await run(ex, work, token, presented);
      }
      case Kind::replay:
        co_return replay(ex, token, *redemption.result, presented);
      case Kind::result_expired:
        co_return result_expired_response(ex.request);
      case Kind::request_mismatch:
      case Kind::used_up: {
        // Named: GCC 12 destroys a temporary in a co_await expression twice.
        const auto why = spent(presented.rail, redemption.kind);
        co_return co_await challenge(ex, offer, why);
      }
      case Kind::busy:
        if (asked.async) {
          auto running = co_await running_job(ex, token);
          if (running) co_return std::move(*running);
        }
        break;
    }
    if (std::chrono::steady_clock::now() > give_up) co_return token_busy_response(ex.request);
    co_await wait_for_end(watch.get());
  }
}

boost::asio::awaitable<paywall::Redemption> PaywallGate::claim(const paywall::PaidToken& token) {
  co_await record_held(token.token_id);
  if (deps_.redemption->binds_request() && local_runs_.running(token.token_id)) {
    paywall::Redemption busy;
    busy.kind = paywall::Redemption::Kind::busy;
    co_return busy;
  }
  co_return co_await run_on(deps_.store_calls, deps_.redemption->blocks_for(token),
                            [&] { return deps_.redemption->begin(token, now()); });
}

// With waiters, a notice ends the wait (the poll is only the fallback for a
// lost one); without, a short poll.
boost::asio::awaitable<void> PaywallGate::wait_for_end(TokenWatch* watch) {
  if (watch) {
    co_await watch->wait(std::chrono::seconds(2));
    co_return;
  }
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor,
                                  std::chrono::milliseconds(200));
  co_await timer.async_wait(boost::asio::use_awaitable);
}

boost::asio::awaitable<Response> PaywallGate::run(Exchange& ex, const PaidHandler& work,
                                                  const paywall::PaidToken& token,
                                                  const Presented& presented) {
  std::optional<PaidOutcome> outcome;
  bool threw = false;
  try {
    outcome = co_await work(ex);
  } catch (const std::exception& e) {
    spdlog::error("{}: {}: paid work threw: {}", options_.service, ex.log_note, e.what());
    auto failed = thrown_failure(e);
    threw = !failed.retryable;
    outcome = std::move(failed);
  }
  const auto recorded = recorded_outcome(*outcome);
  auto stored = co_await record(token, recorded);
  if (const auto* failure = std::get_if<paywall::WorkFailure>(&recorded)) {
    if (!threw)
      spdlog::info("{}: {}: work failed: {}", options_.service, ex.log_note, failure->code);
    co_return threw ? internal_failure_response(ex.request)
                    : failure_response(ex.request, *failure);
  }
  count_redemption(token, stored);
  Response res;
  if (auto* passed = std::get_if<Response>(&*outcome)) {
    res = pass_through(std::move(*passed), token);
  } else {
    if (stored) keep_result(ex, token, *stored);
    res = result_response(ex.request, std::get<paywall::WorkResult>(recorded), false);
  }
  add_receipt(res, token, presented);
  co_return res;
}

// A streamed reply that breaks off on the work's side gives the use back,
// like work that fails before its head. The exception still ends the body
// unfinished, so the buyer cannot take the cut-off body for a whole one.
Response PaywallGate::pass_through(Response res, const paywall::PaidToken& token) {
  auto* stream = std::get_if<http::StreamResponse>(&res.message);
  if (!stream) return res;
  stream->producer = [this, token, inner = std::move(stream->producer)](
                         http::BodyWriter& writer) -> boost::asio::awaitable<void> {
    std::exception_ptr cut;
    std::string what;
    try {
      co_await inner(writer);
    } catch (const WorkCutOff& e) {
      cut = std::current_exception();
      what = e.what();
    }
    if (!cut) co_return;
    spdlog::info("{}: {}: reply cut off: {}", options_.service, token_note(token.token_id), what);
    const paywall::WorkOutcome failed = paywall::WorkFailure{"upstream_cut_off", what, true};
    co_await record(token, failed);
    std::rethrow_exception(cut);
  };
  return res;
}

boost::asio::awaitable<std::optional<store::StoredResult>> PaywallGate::record(
    const paywall::PaidToken& token, const paywall::WorkOutcome& outcome) {
  try {
    auto stored = co_await run_on(deps_.store_calls, deps_.redemption->finish_blocks(outcome),
                                  [&] { return deps_.redemption->finish(token, outcome, now()); });
    if (deps_.waiters && deps_.redemption->binds_request()) deps_.waiters->notify(token.token_id);
    co_return stored;
  } catch (const store::StoreError& e) {
    // The buyer still gets this answer; the outcome is written before the
    // token's next claim here (UnrecordedOutcomes). Nothing is lost.
    spdlog::error("{}: {}: recording the outcome: store: {}", options_.service,
                  token_note(token.token_id), e.what());
    unrecorded_.hold({token, outcome});
  }
  co_return std::nullopt;
}

// Throws StoreError, holding the outcome again, when it still cannot be written.
boost::asio::awaitable<void> PaywallGate::record_held(const Hash32& token_id) {
  auto held = unrecorded_.take(token_id);
  if (!held) co_return;
  try {
    co_await run_on(deps_.store_calls, deps_.redemption->finish_blocks(held->outcome),
                    [&] { return deps_.redemption->finish(held->token, held->outcome, now()); });
  } catch (const store::StoreError&) {
    unrecorded_.hold(std::move(*held));
    throw;
  }
  if (deps_.waiters && deps_.redemption->binds_request()) deps_.waiters->notify(token_id);
  spdlog::info("{}: {}: an outcome the store missed is now recorded", options_.service,
               token_note(token_id));
}

void PaywallGate::keep_result(const Exchange& ex, const paywall::PaidToken& token,
                              const store::StoredResult& stored) {
  if (!deps_.results || !token.request_hash) return;
  auto cached = std::make_shared<CachedResult>();
  cached->request_hash = *token.request_hash;
  cached->status = stored.status;
  cached->content_type = stored.content_type;
  cached->body.assign(stored.body.begin(), stored.body.end());
  cached->stored_at = stored.stored_at;
  if (ex.request.body().size() <= CachedResult::kMaxRequestBody) {
    cached->request_method = ex.request.method();
    cached->request_target = std::string(ex.request.target());
    cached->request_body = ex.request.body();
  }
  deps_.results->put(token.token_id, std::move(cached));
}

Response PaywallGate::replay(const Exchange& ex, const paywall::PaidToken& token,
                             const store::StoredResult& stored, const Presented& presented) {
  keep_result(ex, token, stored);
  paywall::WorkResult result{stored.status, stored.content_type,
                             std::string(stored.body.begin(), stored.body.end())};
  auto res = result_response(ex.request, result, true);
  add_receipt(res, token, presented);
  return res;
}

std::optional<Response> PaywallGate::try_replay(Exchange& ex) {
  const auto retention = deps_.redemption->retention_seconds();
  if (!deps_.results || retention == 0 || deps_.authorizer.may_block() ||
      !deps_.reader.rails().l402)
    return std::nullopt;
  if (ex.request.find(http::Field::authorization) == ex.request.end()) return std::nullopt;
  auto credential = l402::parse_credential(credential_headers(ex.request));
  if (!credential) return std::nullopt;
  // The token id picks the cache entry before anything is verified; nothing
  // from the entry is trusted until authorize() below has passed.
  const auto view = l402::parse_macaroon_view(credential->macaroon);
  if (!view) return std::nullopt;
  const auto id = l402::decode_identifier(view->identifier);
  if (!id) return std::nullopt;
  auto cached = deps_.results->get(id->token_id);
  if (!cached || now() - cached->stored_at >= retention) return std::nullopt;
  // Same bytes, same hash (request_hash is a function of method, target and
  // body): skip parsing and hashing the body.
  if (!ex.request_hash && !cached->request_body.empty() &&
      cached->request_method == ex.request.method() && cached->request_body == ex.request.body() &&
      cached->request_target == ex.request.target()) {
    ex.request_hash = cached->request_hash;
  }
  const auto offer = offer_for(ex);
  if (cached->request_hash != *offer.request_hash) return std::nullopt;
  auto paid = deps_.authorizer.authorize(*credential, offer);
  if (!paid || paid->token_id != id->token_id) return std::nullopt;
  ex.log_note = token_note(paid->token_id) + " replay";
  paywall::WorkResult result{cached->status, cached->content_type, cached->body};
  return result_response(ex.request, result, true);
}

http::Handler gated(std::shared_ptr<PaywallGate> gate, PaidHandler work) {
  return [gate = std::move(gate), work = std::move(work)](Exchange& ex) {
    return gate->handle(ex, work);
  };
}

boost::asio::awaitable<Response> ReplayFilter::handle(Exchange& ex, const http::Handler& next) {
  if (auto res = gate_->try_replay(ex)) co_return std::move(*res);
  co_return co_await next(ex);
}

}  // namespace l402d::gateway
