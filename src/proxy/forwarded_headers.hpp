#pragma once

// The header rewriting of a paying reverse proxy, on plain name/value lists
// so that it knows neither the server's nor the client's HTTP library.
//
// Towards the upstream (RFC 9110 7.6.1, RFC 7239):
//   - hop-by-hop fields go: Connection and every field it names, Keep-Alive,
//     Proxy-Connection, Proxy-Authorization, TE, Trailer, Transfer-Encoding,
//     Upgrade; Host is the upstream's, set by the client that forwards;
//   - every payment credential goes: Authorization in the L402, LSAT or
//     Payment scheme, Grpc-Metadata-Macaroon, Macaroon, PAYMENT-SIGNATURE,
//     X-PAYMENT. An Authorization in any other scheme (a Bearer token meant
//     for the upstream) passes;
//   - the seller's configured fields replace any of the same name;
//   - X-Forwarded-For gains the client's address, X-Forwarded-Proto and
//     X-Forwarded-Host are set, and Forwarded gains one element.
// Towards the buyer: hop-by-hop fields go; the rest passes as it came.

#include <string>
#include <utility>
#include <vector>

namespace l402d::proxy {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What the proxy knows of the request it received.
struct ClientHop {
  std::string address;  // the peer's IP, IPv6 without brackets
  std::string proto;    // "http" or "https"
  std::string host;     // the Host the buyer asked for
};

HeaderList upstream_request_headers(const HeaderList& received, const ClientHop& hop,
                                    const HeaderList& configured);

HeaderList buyer_response_headers(const HeaderList& received);

}  // namespace l402d::proxy
