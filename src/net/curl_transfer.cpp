#include "net/curl_transfer.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include "net/url_parts.hpp"

namespace l402d::net {

namespace {

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

std::string_view trimmed(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  return value;
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
  t->response->headers.emplace_back(std::move(name), std::string(trimmed(line.substr(colon + 1))));
  return len;
}

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

HeaderList header_list(const HttpRequest& request) {
  HeaderList headers;
  for (const auto& [k, v] : request.headers) {
    std::string line = k + ": " + v;
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  }
  // libcurl sends "Expect: 100-continue" for large bodies; providers answer
  // quicker without the extra round trip.
  headers.reset(curl_slist_append(headers.release(), "Expect:"));
  return headers;
}

void set_method_and_body(CURL* c, const HttpRequest& request) {
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
}

void set_tls(CURL* c, const TlsTrust& trust) {
  // libcurl's defaults, stated so that no later edit can quietly turn them off.
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!trust.ca_file.empty()) {
    curl_easy_setopt(c, CURLOPT_CAINFO, trust.ca_file.c_str());
    // Without this the system's CA directory would still be trusted.
    curl_easy_setopt(c, CURLOPT_CAPATH, static_cast<char*>(nullptr));
  }
  if (!trust.pinned_public_key.empty()) {
    curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, trust.pinned_public_key.c_str());
  }
}

void set_redirects(CURL* c, bool follow) {
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, follow ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
}

// libcurl asks before each socket it opens, with the address it resolved:
// refusing here covers DNS answers that change between a check and the
// connect, and every redirect's host.
curl_socket_t open_allowed_socket(void* filter, curlsocktype, curl_sockaddr* address) {
  const auto& allow = *static_cast<const AddressFilter*>(filter);
  if (!allow(address->addr)) return CURL_SOCKET_BAD;
  return ::socket(address->family, address->socktype, address->protocol);
}

void set_address_filter(CURL* c, const AddressFilter* filter) {
  if (!filter) return;
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_allowed_socket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, const_cast<AddressFilter*>(filter));
}

void set_options(CURL* c, const HttpRequest& request, const TransferSettings& settings) {
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  set_method_and_body(c, request);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM games
  // Pooled connections may sit idle for minutes: probes find dead peers first.
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  set_redirects(c, settings.follow_redirects);
  set_tls(c, settings.trust);
  set_address_filter(c, settings.allow_address);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_USERAGENT, "l402d/0.1");
}

HttpError::Kind kind_of(CURLcode rc) {
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      return HttpError::Kind::timeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return HttpError::Kind::connect;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
      return HttpError::Kind::tls;
    default:
      return HttpError::Kind::other;
  }
}

std::string tls_explanation(CURLcode rc) {
  switch (rc) {
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return "TLS: the server's public key is not the pinned certificate's";
    case CURLE_PEER_FAILED_VERIFICATION:
      return "TLS: the server's certificate is not trusted";
    default:
      return "TLS: the handshake failed";
  }
}

// The URL may carry a key in its query for some providers: name only the
// host. libcurl's detail for TLS failures (which check failed) names no more.
[[noreturn]] void throw_failure(CURLcode rc, const HttpRequest& request, const char* detail) {
  auto kind = kind_of(rc);
  std::string message =
      kind == HttpError::Kind::tls ? tls_explanation(rc) : std::string(curl_easy_strerror(rc));
  if (kind == HttpError::Kind::tls && *detail) message += std::string(": ") + detail;
  auto host = url_host(request.url);
  throw HttpError(kind, message + (host.empty() ? "" : " (" + host + ")"));
}

}  // namespace

HttpResponse run_transfer(CURL* c, const HttpRequest& request, const TransferSettings& settings,
                          const BodySink& sink) {
  HttpResponse response;
  Transfer transfer{&response, &sink, request.max_response_bytes};
  HeaderList headers = header_list(request);
  char detail[CURL_ERROR_SIZE] = "";
  set_options(c, request, settings);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);

  CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER,
                   static_cast<char*>(nullptr));  // `detail` dies with this frame
  if (transfer.too_large) {
    throw HttpError(
        HttpError::Kind::too_large,
        "the response exceeded " + std::to_string(request.max_response_bytes) + " bytes");
  }
  if (rc != CURLE_OK) throw_failure(rc, request, detail);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace l402d::net
