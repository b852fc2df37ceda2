#pragma once

// The HTTP side of a REST wallet: requests to its endpoint with its
// credentials and TLS trust, and a short account of an unexpected answer.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "client/transport.hpp"
#include "client/wallet_settings.hpp"
#include "net/http_types.hpp"

namespace l402d::client {

class WalletApi {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  // `auth` headers go on every request; their names must be known secrets
  // (net/credentials.hpp) or listed in `secret_headers`, so that a redirect is
  // never followed with them. Their values, and `secrets`, are blanked out of
  // every answer and transport error (send), so that no message built from
  // them can carry a credential a node or proxy echoed back.
  WalletApi(WalletEndpoint endpoint, Transport transport, Headers auth,
            std::vector<std::string> secret_headers = {}, std::vector<std::string> secrets = {});

  // METHOD host+path with the credentials, TLS trust and the endpoint's timeout.
  net::HttpRequest request(std::string method, const std::string& path) const;
  net::HttpRequest json_request(std::string method, const std::string& path,
                                std::string json_body) const;
  // A pay request: its time limit leaves the node pay_timeout to finish first.
  net::HttpRequest pay_request(net::HttpRequest request) const;

  // Throws net::HttpError when no response arrives.
  net::HttpResponse send(const net::HttpRequest& request) const;

  const WalletEndpoint& endpoint() const { return endpoint_; }

 private:
  WalletEndpoint endpoint_;
  Transport transport_;
  std::string redact(std::string text) const;

  Headers auth_;
  std::vector<std::string> secret_headers_;
  std::vector<std::string> secrets_;
};

// "HTTP 500: <the error message in the body>" (body text cut short), for
// messages. Nodes' error bodies hold no secret of ours: credentials travel in
// headers only.
std::string describe_response(const net::HttpResponse& response);

}  // namespace l402d::client
