#pragma once

// Outbound HTTP for upstream AI providers and Lightning backends, on libcurl.
// Blocking calls: they run on engine worker threads, never on the server's I/O
// threads. Transport failures throw HttpError; any HTTP status is a response.
//
// An HttpClient keeps connections alive between calls: it lends each call an
// easy handle from a pool, preferring the one that last talked to the same
// origin, so sequential calls to a backend share one TCP/TLS connection.
// Concurrent calls use separate handles (and connections). All handles share
// DNS answers and TLS sessions. One client is safe to use from many threads;
// it must outlive the calls made through it.
//
// TLS: verification is always on. A CA file or a pinned certificate narrows
// trust (rules in tls_trust.hpp); set per client in HttpClientOptions or per
// request in HttpRequest, the request's settings replacing the client's. With
// either set, a plain http:// URL is refused (HttpError tls) rather than
// sending the backend's credentials in the clear.
//
// Redirects: returned as responses unless HttpRequest::follow_redirects, and
// never followed for requests with credentials (rules in credentials.hpp).
//
// The free functions perform and perform_with_retries use a process-wide
// client with no TLS options.

#include <cstddef>
#include <memory>
#include <string>

#include "net/http_types.hpp"
#include "net/retry.hpp"

namespace l402d::net {

struct HttpClientOptions {
  std::string ca_file;                // see HttpRequest::ca_file
  std::string pinned_cert_file;       // see HttpRequest::pinned_cert_file
  std::size_t max_idle_handles = 16;  // each keeps its connections open
  // Asked for every address the client is about to connect to, after DNS and
  // on every redirect: false refuses the connection (HttpError connect). For
  // URLs a buyer chooses (callbacks), so that nobody makes l402d reach its
  // own network. Connections are only reused within one client.
  AddressFilter allow_address;
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // One exchange. With a sink, the body is passed to it instead of stored.
  HttpResponse perform(const HttpRequest& request, const BodySink& sink = {});
  // perform, retried as retry() in retry.hpp describes.
  HttpResponse perform_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                                    const SleepFn& sleep = {});

  std::size_t idle_handles() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The process-wide client behind the free functions.
HttpClient& default_client();

HttpResponse perform(const HttpRequest& request, const BodySink& sink = {});
HttpResponse perform_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                                  const SleepFn& sleep = {});

}  // namespace l402d::net
