#pragma once

// Whether a request carries credentials, which decides that its redirects are
// never followed: a Location may point anywhere, and libcurl forwards custom
// headers (a macaroon, an API key) to it. Returning the 3xx lets the caller see
// it instead of leaking the secret or acting on an answer from another host.
//
// Credentials are: the headers Authorization, Proxy-Authorization, Cookie,
// Grpc-Metadata-Macaroon (LND REST), X-Api-Key (LNbits and many APIs), any
// header named in HttpRequest::secret_headers, and user:password in the URL.
// Header names compare case-insensitively.

#include "net/http_types.hpp"

namespace l402d::net {

bool carries_credentials(const HttpRequest& request);

}  // namespace l402d::net
