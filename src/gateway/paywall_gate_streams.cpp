// The paywall gate's streamed answers (docs/streaming.md), and the work and
// its recording, which jobs share: the work runs on
// its own coroutine with a copy of the request, so that it finishes and its
// result is recorded with the token even when the buyer stops reading; the
// response only writes what the work emits.

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include "gateway/paywall_gate.hpp"
#include "gateway/responses.hpp"

namespace l402d::gateway {

using http::Exchange;
using http::Response;

boost::asio::awaitable<paywall::WorkOutcome> PaywallGate::kept_outcome(Exchange& ex,
                                                                       const PaidHandler& work) {
  std::optional<PaidOutcome> outcome;
  try {
    outcome = co_await work(ex);
  } catch (const std::exception& e) {
    spdlog::error("{}: {}: paid work threw: {}", options_.service, ex.log_note, e.what());
    outcome = thrown_failure(e);
  }
  if (std::holds_alternative<Response>(*outcome)) {
    // Only services that keep no result pass a response, and those neither
    // stream here nor run as jobs.
    outcome = paywall::WorkFailure{"internal_error", "The work's answer cannot be kept.", false};
  }
  co_return recorded_outcome(*outcome);
}

boost::asio::awaitable<void> PaywallGate::record_kept(const Exchange& ex,
                                                      const paywall::PaidToken& token,
                                                      const paywall::WorkOutcome& outcome) {
  const auto stored = co_await record(token, outcome);
  if (!std::holds_alternative<paywall::WorkResult>(outcome)) co_return;
  count_redemption(token, stored);
  if (stored) keep_result(ex, token, *stored);
}

boost::asio::awaitable<Response> PaywallGate::streamed_run(Exchange& ex, const PaidHandler& work,
                                                           const paywall::PaidToken& token,
                                                           const Presented& presented,
                                                           LocalRuns::Hold here) {
  const auto executor = co_await boost::asio::this_coro::executor;
  auto stream = std::make_shared<EventStream>(executor);
  auto owned = std::make_shared<Exchange>(ex);
  owned->body_stream = nullptr;
  owned->events = [stream](std::string_view event, std::string data) {
    stream->emit(event, std::move(data));
  };
  boost::asio::co_spawn(executor, finish_streamed(owned, work, token, stream, std::move(here)),
                        boost::asio::detached);
  const auto quiet = options_.event_quiet;
  Response res = http::make_stream_response(
      ex.request, http::Status::ok, "text/event-stream",
      [stream, quiet](http::BodyWriter& writer) { return stream->pump(writer, quiet); });
  res.set(http::Field::cache_control, "no-store");
  // nginx would otherwise hold the events back in its buffer.
  res.head().set("X-Accel-Buffering", "no");
  add_receipt(res, token, presented);
  co_return res;
}

boost::asio::awaitable<void> PaywallGate::finish_streamed(std::shared_ptr<Exchange> ex,
                                                          PaidHandler work,
                                                          paywall::PaidToken token,
                                                          std::shared_ptr<EventStream> stream,
                                                          LocalRuns::Hold here) {
  const auto recorded = co_await kept_outcome(*ex, work);
  co_await record_kept(*ex, token, recorded);
  here.reset();
  if (const auto* result = std::get_if<paywall::WorkResult>(&recorded)) {
    stream->emit("result", result->body);
  } else {
    const auto& failure = std::get<paywall::WorkFailure>(recorded);
    spdlog::info("{}: {}: streamed work failed: {}", options_.service, ex->log_note, failure.code);
    stream->emit("error", failure_json(failure));
  }
  stream->finish();
}

}  // namespace l402d::gateway
