#include "client/wallet_api.hpp"

#include <boost/json.hpp>

namespace l402d::client {

namespace json = boost::json;

WalletApi::WalletApi(WalletEndpoint endpoint, Transport transport, Headers auth,
                     std::vector<std::string> secret_headers, std::vector<std::string> secrets)
    : endpoint_(std::move(endpoint)),
      transport_(std::move(transport)),
      auth_(std::move(auth)),
      secret_headers_(std::move(secret_headers)),
      secrets_(std::move(secrets)) {
  for (const auto& [name, value] : auth_)
    secrets_.push_back(value);
  // Real credentials are long (a macaroon hundreds of hex digits, a rune or a
  // key dozens); blanking a few characters out of an answer could corrupt an
  // amount or a preimage in it instead.
  std::erase_if(secrets_, [](const std::string& s) { return s.size() < 8; });
}

std::string WalletApi::redact(std::string text) const {
  static constexpr std::string_view kBlank = "[redacted]";
  for (const auto& secret : secrets_) {
    for (auto at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + kBlank.size())) {
      text.replace(at, secret.size(), kBlank);
    }
  }
  return text;
}

net::HttpResponse WalletApi::send(const net::HttpRequest& request) const {
  net::HttpResponse res;
  try {
    res = transport_(request);
  } catch (const net::HttpError& e) {
    throw net::HttpError(e.kind(), redact(e.what()));
  }
  res.body = redact(std::move(res.body));
  return res;
}

net::HttpRequest WalletApi::request(std::string method, const std::string& path) const {
  net::HttpRequest r;
  r.method = std::move(method);
  r.url = endpoint_.host + path;
  r.headers = auth_;
  r.secret_headers = secret_headers_;
  r.pinned_cert_file = endpoint_.tls_cert_path;
  r.ca_file = endpoint_.ca_cert_path;
  r.timeout = endpoint_.timeout;
  r.connect_timeout = std::min<std::chrono::milliseconds>(endpoint_.timeout, r.connect_timeout);
  // Wallet answers are small; anything bigger is not the API we expect.
  r.max_response_bytes = 4 * 1024 * 1024;
  return r;
}

net::HttpRequest WalletApi::json_request(std::string method, const std::string& path,
                                         std::string json_body) const {
  auto r = request(std::move(method), path);
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(json_body);
  return r;
}

net::HttpRequest WalletApi::pay_request(net::HttpRequest request) const {
  request.timeout = endpoint_.pay_timeout + endpoint_.timeout;
  return request;
}

namespace {

std::string message_in(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (!v.is_object()) return {};
  const auto& o = v.as_object();
  for (const char* key : {"message", "detail", "reason", "error"}) {
    if (const auto* m = o.if_contains(key)) {
      auto text = message_in(*m);
      if (!text.empty()) return text;
    }
  }
  return {};
}

std::string printable_prefix(const std::string& body, std::size_t n) {
  std::string out;
  for (char c : body.substr(0, n)) {
    out += (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) ? c : ' ';
  }
  if (body.size() > n) out += "…";
  return out;
}

}  // namespace

std::string describe_response(const net::HttpResponse& response) {
  std::string out = "HTTP " + std::to_string(response.status);
  json::error_code ec;
  auto v = json::parse(response.body, ec);
  std::string why = ec ? printable_prefix(response.body, 200) : message_in(v);
  if (why.size() > 300) why = printable_prefix(why, 300);
  if (!why.empty()) out += ": " + why;
  return out;
}

}  // namespace l402d::client
