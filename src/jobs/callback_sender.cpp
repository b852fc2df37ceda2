#include "jobs/callback_sender.hpp"

#include <spdlog/spdlog.h>

#include <thread>

#include "jobs/callback_signature.hpp"
#include "jobs/public_address.hpp"
#include "net/url_parts.hpp"

namespace l402d::jobs {

namespace {

net::HttpClientOptions client_options(bool allow_private) {
  net::HttpClientOptions o;
  o.max_idle_handles = 4;
  if (!allow_private) o.allow_address = [](const sockaddr& a) { return is_public_address(a); };
  return o;
}

std::string_view why(const net::HttpError& e) {
  switch (e.kind()) {
    case net::HttpError::Kind::timeout:
      return "timed out";
    case net::HttpError::Kind::connect:
      return "no connection (unreachable, or an address that is not public)";
    case net::HttpError::Kind::too_large:
      return "answer too large";
    case net::HttpError::Kind::tls:
      return "TLS failed";
    case net::HttpError::Kind::other:
      break;
  }
  return "transfer failed";
}

}  // namespace

CallbackSender::CallbackSender(store::JobStore& store, Bytes server_secret, CallbackOptions options,
                               Clock now, Sleep sleep)
    : store_(store),
      server_secret_(std::move(server_secret)),
      options_(options),
      now_(std::move(now)),
      sleep_(std::move(sleep)),
      client_(std::make_unique<net::HttpClient>(client_options(options.allow_private))) {
  if (!sleep_) sleep_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

std::string CallbackSender::secret_for(std::string_view job_id) const {
  return callback_secret(server_secret_, job_id);
}

bool CallbackSender::attempt(const store::JobRecord& job, const std::string& body) {
  const auto timestamp = now_();
  net::HttpRequest request;
  request.method = "POST";
  request.url = job.callback_url;
  request.body = body;
  request.timeout = options_.timeout;
  request.connect_timeout = options_.timeout;
  request.headers = {
      {"Content-Type", "application/json"},
      {"X-L402d-Job-Id", job.job_id},
      {"X-L402d-Timestamp", std::to_string(timestamp)},
      {"X-L402d-Signature", callback_signature(secret_for(job.job_id), timestamp, body)}};
  try {
    const auto response = client_->perform(request);
    if (response.status >= 200 && response.status < 300) return true;
    spdlog::info("job {}: callback to {} answered {}", job.job_id.substr(0, 8),
                 net::url_host(job.callback_url), response.status);
  } catch (const net::HttpError& e) {
    // The host only: a callback URL's path or query may carry the buyer's key.
    spdlog::info("job {}: callback to {} failed: {}", job.job_id.substr(0, 8),
                 net::url_host(job.callback_url), why(e));
  }
  return false;
}

bool CallbackSender::deliver(const store::JobRecord& job, const std::string& body) {
  auto backoff = options_.first_backoff;
  for (int n = job.callback_attempts + 1; n <= options_.attempts; ++n) {
    if (attempt(job, body)) {
      store_.set_job_callback(job.job_id, store::CallbackState::delivered, n, now_());
      return true;
    }
    store_.set_job_callback(job.job_id, store::CallbackState::pending, n, now_());
    if (n < options_.attempts) sleep_(backoff);
    backoff *= 2;
  }
  spdlog::warn("job {}: gave up the callback to {} after {} attempts", job.job_id.substr(0, 8),
               net::url_host(job.callback_url), options_.attempts);
  store_.set_job_callback(job.job_id, store::CallbackState::gave_up, options_.attempts, now_());
  return false;
}

}  // namespace l402d::jobs
