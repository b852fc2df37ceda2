#include "lightning/node_http.hpp"

#include <algorithm>

#include "lightning/backend.hpp"

namespace l402d::lightning {

namespace asio = boost::asio;

asio::awaitable<net::HttpResponse> call_node(net::AsyncHttpClient& client, net::HttpRequest request,
                                             std::string_view node) {
  try {
    co_return co_await client.perform(std::move(request));
  } catch (const net::HttpError& e) {
    // The client's messages name the origin (scheme, host, port), never the
    // path or headers, so a key in either stays out of the logs.
    throw BackendError(e.kind() == net::HttpError::Kind::timeout ? BackendErrorCode::timeout
                                                                 : BackendErrorCode::unavailable,
                       std::string(node) + ": " + e.what());
  }
}

net::HttpRequest node_request(std::string method, std::string url, const NodeCredential& credential,
                              std::string body, std::string_view content_type,
                              std::chrono::milliseconds timeout) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.headers = {{credential.header, credential.value}};
  r.secret_headers = {credential.header};
  if (!body.empty()) r.headers.emplace_back("Content-Type", std::string(content_type));
  r.body = std::move(body);
  r.timeout = timeout;
  r.connect_timeout = std::min(timeout, std::chrono::milliseconds(10'000));
  return r;
}

std::string redact(std::string text, std::string_view secret) {
  if (!secret.empty()) {
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
      text.replace(pos, secret.size(), "<redacted>");
    }
  }
  constexpr std::size_t kMaxText = 300;
  if (text.size() > kMaxText) text = text.substr(0, kMaxText) + "...";
  return text;
}

std::string as_token(const std::string& secret, const std::string& what) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  const auto first = std::find_if_not(secret.begin(), secret.end(), is_space);
  const auto last = std::find_if_not(secret.rbegin(), secret.rend(), is_space).base();
  std::string token = first < last ? std::string(first, last) : std::string();
  if (token.empty()) throw BackendError(BackendErrorCode::unauthorized, what + " is empty");
  if (std::any_of(token.begin(), token.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    throw BackendError(BackendErrorCode::unauthorized,
                       what + " holds a control character: not a credential");
  return token;
}

std::string read_token(const SecretSource& source) {
  return as_token(read_secret(source), source.what);
}

std::string websocket_url(std::string_view http_base) {
  if (http_base.starts_with("https://")) return "wss://" + std::string(http_base.substr(8));
  if (http_base.starts_with("http://")) return "ws://" + std::string(http_base.substr(7));
  return std::string(http_base);
}

}  // namespace l402d::lightning
