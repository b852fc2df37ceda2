#pragma once

// The values one outbound HTTP exchange is made of. Kept apart from the client
// so that code which only builds requests or reads responses need not know how
// they travel.

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace l402d::net {

// Whether a connection to this address may be made (HttpClientOptions).
using AddressFilter = std::function<bool(const sockaddr& address)>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{60'000};  // the whole exchange
  std::chrono::milliseconds connect_timeout{10'000};
  std::size_t max_response_bytes = 64 * 1024 * 1024;

  // TLS trust for this request (see HttpClient for the rules). Either one set
  // replaces the client's trust settings as a whole; both empty: the client's.
  std::string ca_file;           // PEM bundle: the only CAs trusted
  std::string pinned_cert_file;  // PEM: the server must present this certificate

  // Redirects are returned as responses unless this is set, and even then never
  // followed for a request that carries credentials (see carries_credentials).
  bool follow_redirects = false;
  // Names of further headers that carry secrets (case-insensitive), beyond the
  // well-known ones.
  std::vector<std::string> secret_headers;
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::string_view header(std::string_view lower_name) const;
};

class HttpError : public std::runtime_error {
 public:
  // tls: the peer could not be authenticated (untrusted certificate, pin
  // mismatch, unreadable trust file): retrying cannot help.
  enum class Kind { timeout, connect, too_large, tls, other };
  HttpError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Called with each chunk of the body as it arrives; return false to abort.
using BodySink = std::function<bool(std::string_view chunk)>;

}  // namespace l402d::net
