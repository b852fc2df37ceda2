#include "net/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

namespace l402d::net {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  HttpResponse* response;
  const BodySink* sink;
  std::size_t max_bytes;
  std::size_t received = 0;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t len = size * n;
  t->received += len;
  if (t->received > t->max_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer
  }
  if (t->sink && *t->sink) {
    return (*t->sink)(std::string_view(data, len)) ? len : 0;
  }
  t->response->body.append(data, len);
  return len;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t len = size * n;
  std::string_view line(data, len);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response->headers.clear();  // a new response (after 100 Continue or a redirect)
    return len;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  t->response->headers.emplace_back(std::move(name), std::string(value));
  return len;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

std::string_view HttpResponse::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

HttpResponse perform(const HttpRequest& request, const BodySink& sink) {
  global_init();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw HttpError(HttpError::Kind::other, "libcurl could not start a transfer");
  CURL* c = curl.get();

  HttpResponse response;
  Transfer transfer{&response, &sink, request.max_response_bytes};
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const auto& [k, v] : request.headers) {
    std::string line = k + ": " + v;
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  }
  // libcurl sends "Expect: 100-continue" for large bodies; providers answer
  // quicker without the extra round trip.
  headers.reset(curl_slist_append(headers.release(), "Expect:"));

  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM games
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "l402d/0.1");

  CURLcode rc = curl_easy_perform(c);
  if (transfer.too_large) {
    throw HttpError(
        HttpError::Kind::too_large,
        "the response exceeded " + std::to_string(request.max_response_bytes) + " bytes");
  }
  if (rc != CURLE_OK) {
    auto kind = rc == CURLE_OPERATION_TIMEDOUT ? HttpError::Kind::timeout
                : (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST)
                    ? HttpError::Kind::connect
                    : HttpError::Kind::other;
    // The URL may carry a key in its query for some providers: name only the host.
    char* host = nullptr;
    std::string where;
    if (CURLU* u = curl_url()) {
      if (curl_url_set(u, CURLUPART_URL, request.url.c_str(), 0) == CURLUE_OK &&
          curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        where = host;
        curl_free(host);
      }
      curl_url_cleanup(u);
    }
    throw HttpError(
        kind, std::string(curl_easy_strerror(rc)) + (where.empty() ? "" : " (" + where + ")"));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

bool is_retryable_status(long status) {
  return status == 429 || (status >= 500 && status <= 599);
}

HttpResponse perform_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                                  const std::function<void(std::chrono::milliseconds)>& sleep) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  auto pause = [&](std::chrono::milliseconds d) {
    if (sleep) {
      sleep(d);
    } else {
      std::this_thread::sleep_for(d);
    }
  };
  int attempts = std::max(1, policy.max_attempts);
  for (int attempt = 1;; ++attempt) {
    std::chrono::milliseconds delay = std::min<std::chrono::milliseconds>(
        policy.max_delay, policy.base_delay * (1LL << std::min(attempt - 1, 20)));
    try {
      auto response = perform(request);
      if (!is_retryable_status(response.status) || attempt >= attempts) return response;
      auto retry_after = response.header("retry-after");
      long long seconds = 0;
      auto [p, ec] =
          std::from_chars(retry_after.data(), retry_after.data() + retry_after.size(), seconds);
      if (!retry_after.empty() && ec == std::errc() &&
          p == retry_after.data() + retry_after.size()) {
        delay = std::min<std::chrono::milliseconds>(policy.max_delay,
                                                    std::chrono::milliseconds(seconds * 1000));
      }
    } catch (const HttpError& e) {
      if (attempt >= attempts || e.kind() == HttpError::Kind::too_large) throw;
    }
    // Full jitter keeps many workers from retrying in lockstep.
    auto ms = delay.count() > 0 ? std::uniform_int_distribution<long long>(delay.count() / 2,
                                                                           delay.count())(jitter)
                                : 0;
    pause(std::chrono::milliseconds(ms));
  }
}

}  // namespace l402d::net
