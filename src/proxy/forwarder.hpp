#pragma once

// The work behind a proxied service's paywall: the buyer's request, cleaned of
// its payment credentials and hop-by-hop fields, goes to the upstream; the
// answer comes back as it arrives (a passed response with a streamed body) or,
// for a service whose tokens keep their result, read whole as a result.
//
// The upstream being down, silent too long or answering 5xx is a failure: the
// gate answers with a JSON error and the buyer's token is not used up. A 4xx
// is the upstream judging the buyer's request and is passed through as it is
// (and paid for). A body that breaks off midway ends the buyer's body
// unfinished and gives the use back (gateway::WorkCutOff).
//
// Connections are pooled per I/O thread by net::AsyncHttpClient; a proxied
// request holds a suspended coroutine, never a thread.

#include <memory>

#include "gateway/paid_handler.hpp"
#include "net/async_http_client.hpp"
#include "proxy/upstream.hpp"

namespace l402d::proxy {

class Forwarder {
 public:
  // `keep_result`: read the reply whole into a WorkResult (single-use tokens
  // replay it); otherwise pass it through as it streams.
  // Throws net::HttpError(tls) when the upstream's trust files are unusable.
  Forwarder(Upstream upstream, bool keep_result);

  boost::asio::awaitable<gateway::PaidOutcome> operator()(http::Exchange& exchange) const;

 private:
  net::HttpRequest upstream_request(http::Exchange& exchange) const;
  boost::asio::awaitable<gateway::PaidOutcome> read_whole(
      std::unique_ptr<net::AsyncHttpClient::ResponseStream> reply) const;
  boost::asio::awaitable<gateway::PaidOutcome> passed_whole(
      const http::Exchange& exchange,
      std::unique_ptr<net::AsyncHttpClient::ResponseStream> reply) const;
  http::Response passed(const http::Exchange& exchange,
                        std::unique_ptr<net::AsyncHttpClient::ResponseStream> reply) const;

  Upstream upstream_;
  bool keep_result_;
  std::shared_ptr<net::AsyncHttpClient> client_;
};

}  // namespace l402d::proxy
