#pragma once

// The L402 gate: one filter in front of a paid endpoint (Envoy's ext_authz
// idea, and Aperture's proxy, as one small piece of code).
//
//   no credential        -> 402 + a fresh challenge bound to this request
//                           (503 + Retry-After if the engines are saturated:
//                           nobody pays for work that cannot start soon)
//   bad credential       -> 402 + the reason + a fresh challenge (clients re-pay)
//   paid, first use      -> the token is claimed, the handler runs once, the
//                           result is stored; a failed job leaves the token
//                           redeemable
//   paid, used before    -> the stored result again (the client lost it), for
//                           result_retention_seconds; then 410 result_expired
//   paid, in use         -> waits for the running job and returns its result
//
// Storage and Lightning calls can block (fsync, network), so they run on the
// `blocking` pool, never on the I/O threads. What cannot block runs inline: a
// challenge when both the backend and the minter say they need no I/O (the
// builtin node with derived root keys), verification when the root keys and
// the deny list are in memory. A thread hop costs more than either.
//
// L402ReplayFilter goes in front of the body's validation: a paid replay whose
// result is in the ResultCache is answered there, without parsing the body
// again (the token is bound to this exact request, which was validated when it
// was first redeemed).

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "http/handler.hpp"
#include "http/metrics.hpp"
#include "http/result_cache.hpp"
#include "http/worker_pool.hpp"
#include "l402/minter.hpp"
#include "l402/verifier.hpp"
#include "lightning/backend.hpp"
#include "store/store.hpp"

namespace l402d::http {

struct GateOptions {
  std::string service;  // "music": caveats services=music:0, music_request=...
  std::uint64_t price_sats = 0;
  std::uint32_t invoice_expiry_seconds = 3600;
  std::uint32_t token_validity_seconds = 86400;
  std::uint32_t job_timeout_seconds = 300;  // lease length, and how long a replay waits
  // How long a redeemed result is given again to replays; after it, 410.
  std::uint32_t result_retention_seconds = 86400;
  std::function<std::int64_t()> now;  // unix seconds; defaults to the system clock
};

struct GateDeps {
  l402::Minter& minter;
  l402::Verifier& verifier;
  lightning::Backend& lightning;
  store::Store& store;
  WorkerPool& blocking;  // storage and Lightning calls
  WorkerPool& engines;   // only asked has_capacity() before a new challenge
  Metrics* metrics = nullptr;
  ResultCache* results = nullptr;  // optional; shared by the services
};

class L402Gate : public Filter {
 public:
  L402Gate(GateOptions options, GateDeps deps);
  boost::asio::awaitable<Response> handle(Exchange& exchange, const Handler& next) override;

  // The CORS headers every answer of a paid route carries, so that a page
  // can read a 402's challenge and error body.
  static void add_cors(Response& response);
  // add_cors plus what only a preflight (OPTIONS) answer needs: the methods
  // and request headers allowed. Browsers read those from preflights only.
  static void add_preflight_cors(Response& response);

  // The stored result, when the request carries a valid credential whose
  // result is cached, unexpired and bound to this very request; otherwise
  // nothing (the full path decides). Never blocks.
  std::optional<Response> try_replay(Exchange& exchange);

 private:
  const Hash32& request_hash_of(Exchange& exchange) const;
  boost::asio::awaitable<Expected<l402::VerifiedToken, l402::VerifyError>> verify(
      const l402::Credential& credential, const Hash32& request_hash);
  Response replay(const Request& request, const CachedResult& result) const;
  // The stored result as the cache keeps it, put in the cache when there is one.
  std::shared_ptr<const CachedResult> cache_result(const Exchange& exchange,
                                                   const store::TokenRecord& token,
                                                   const store::StoredResult& result);
  Response result_expired(const Request& request) const;
  bool expired(std::int64_t stored_at) const;
  boost::asio::awaitable<Response> challenge(Exchange& exchange, const Hash32& request_hash,
                                             std::string_view code, std::string_view message);
  boost::asio::awaitable<Response> redeem(Exchange& exchange, const Handler& next,
                                          const store::TokenRecord& token);
  // Every refused credential, malformed or failing verification, by its code.
  void count_rejection(std::string_view code);
  std::int64_t now() const;

  GateOptions options_;
  GateDeps deps_;
  // Handles for the series every challenge or redemption updates (Metrics).
  Metrics::Counter challenges_issued_;
  Metrics::Counter payments_redeemed_;
  Metrics::Counter sats_earned_;
};

// Answers cached replays before the rest of the chain (see the top comment).
class L402ReplayFilter : public Filter {
 public:
  explicit L402ReplayFilter(std::shared_ptr<L402Gate> gate) : gate_(std::move(gate)) {}
  boost::asio::awaitable<Response> handle(Exchange& exchange, const Handler& next) override;

 private:
  std::shared_ptr<L402Gate> gate_;
};

}  // namespace l402d::http
