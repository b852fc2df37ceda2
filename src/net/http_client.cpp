#include "net/http_client.hpp"

#include <curl/curl.h>

#include <mutex>

#include "net/credentials.hpp"
#include "net/curl_share.hpp"
#include "net/curl_transfer.hpp"
#include "net/easy_pool.hpp"
#include "net/tls_trust.hpp"
#include "net/url_parts.hpp"

namespace l402d::net {

namespace {

struct CurlGlobal {
  CurlGlobal() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }
};

TlsTrust trust_for(const HttpRequest& request, const HttpClientOptions& options) {
  if (!request.ca_file.empty() || !request.pinned_cert_file.empty()) {
    return resolve_tls_trust(request.ca_file, request.pinned_cert_file);
  }
  return resolve_tls_trust(options.ca_file, options.pinned_cert_file);
}

void require_https(const HttpRequest& request) {
  if (url_scheme(request.url) == "https") return;
  throw HttpError(HttpError::Kind::tls, "a CA file or pinned certificate is set but the URL (" +
                                            url_host(request.url) + ") is not https");
}

}  // namespace

struct HttpClient::Impl {
  explicit Impl(HttpClientOptions o)
      : options(std::move(o)), pool(share.get(), options.max_idle_handles) {}

  CurlGlobal curl;  // first: libcurl must be initialised before any of its objects
  HttpClientOptions options;
  CurlShare share;  // before the pool, so that it outlives the pool's handles
  EasyPool pool;
};

HttpClient::HttpClient(HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::perform(const HttpRequest& request, const BodySink& sink) {
  TransferSettings settings;
  settings.trust = trust_for(request, impl_->options);
  if (!settings.trust.empty()) require_https(request);
  settings.follow_redirects = request.follow_redirects && !carries_credentials(request);
  if (impl_->options.allow_address) settings.allow_address = &impl_->options.allow_address;
  auto lease = impl_->pool.acquire(url_origin(request.url));
  return run_transfer(lease.get(), request, settings, sink);
}

HttpResponse HttpClient::perform_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                                              const SleepFn& sleep) {
  return retry([&] { return perform(request); }, policy, sleep);
}

std::size_t HttpClient::idle_handles() const {
  return impl_->pool.idle();
}

HttpClient& default_client() {
  // Never destroyed: worker threads may still be finishing a call while
  // static destructors run at exit.
  static auto* client = new HttpClient();
  return *client;
}

HttpResponse perform(const HttpRequest& request, const BodySink& sink) {
  return default_client().perform(request, sink);
}

HttpResponse perform_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                                  const SleepFn& sleep) {
  return default_client().perform_with_retries(request, policy, sleep);
}

}  // namespace l402d::net
