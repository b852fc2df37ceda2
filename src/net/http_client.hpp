#pragma once

// Outbound HTTP for upstream AI providers and Lightning backends, on libcurl.
// Blocking calls: they run on engine worker threads, never on the server's I/O
// threads. Transport failures throw HttpError; any HTTP status is a response.

#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace l402d::net {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{60'000};  // the whole exchange
  std::chrono::milliseconds connect_timeout{10'000};
  std::size_t max_response_bytes = 64 * 1024 * 1024;
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::string_view header(std::string_view lower_name) const;
};

class HttpError : public std::runtime_error {
 public:
  enum class Kind { timeout, connect, too_large, other };
  HttpError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Called with each chunk of the body as it arrives; return false to abort.
using BodySink = std::function<bool(std::string_view chunk)>;

// One exchange. With a sink, the body is passed to it instead of stored.
HttpResponse perform(const HttpRequest& request, const BodySink& sink = {});

struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_delay{8'000};
};

// Retries transport failures, 429 and 5xx with exponential backoff and jitter,
// honouring a Retry-After of seconds (capped by max_delay). Returns the last
// response (possibly a 429/5xx) when attempts run out; rethrows the last
// transport error if no attempt got a response.
HttpResponse perform_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                                  const std::function<void(std::chrono::milliseconds)>& sleep = {});

bool is_retryable_status(long status);

}  // namespace l402d::net
