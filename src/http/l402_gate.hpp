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
// `blocking` pool, never on the I/O threads.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "http/handler.hpp"
#include "http/metrics.hpp"
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
  // How long a stored result replays after it was stored; then 410 result_expired.
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
};

class L402Gate : public Filter {
 public:
  L402Gate(GateOptions options, GateDeps deps);
  boost::asio::awaitable<Response> handle(Exchange& exchange, const Handler& next) override;

  // The response headers every 402 carries (also used by OPTIONS preflights).
  static void add_cors(Response& response);

 private:
  boost::asio::awaitable<Response> challenge(Exchange& exchange, const Hash32& request_hash,
                                             std::string_view code, std::string_view message);
  boost::asio::awaitable<Response> redeem(Exchange& exchange, const Handler& next,
                                          const store::TokenRecord& token);
  // Every refused credential, malformed or failing verification, by its code.
  void count_rejection(std::string_view code);
  std::int64_t now() const;

  GateOptions options_;
  GateDeps deps_;
};

}  // namespace l402d::http
