#pragma once

// The request headers an L402 credential may arrive in (Authorization, and
// the Grpc-Metadata-Macaroon / Macaroon headers of Aperture's gRPC clients),
// as views the protocol layer parses without knowing HTTP.

#include "http/message.hpp"
#include "l402/headers.hpp"

namespace l402d::gateway {

// Views into `request`'s header storage: valid while the request is.
l402::CredentialHeaders credential_headers(const http::Request& request);

// Whether the request carries something that parses as an L402 credential
// (not whether it verifies).
bool carries_credential(const http::Request& request);

}  // namespace l402d::gateway
