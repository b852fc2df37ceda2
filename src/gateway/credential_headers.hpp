#pragma once

// The request headers a credential may arrive in (Authorization, the
// Grpc-Metadata-Macaroon / Macaroon headers of Aperture's gRPC clients, and
// x402's PAYMENT-SIGNATURE / X-PAYMENT), as views the protocol layers parse
// without knowing HTTP.

#include "http/message.hpp"
#include "l402/headers.hpp"
#include "paywall/presented_credential.hpp"

namespace l402d::gateway {

// Views into `request`'s header storage: valid while the request is.
l402::CredentialHeaders credential_headers(const http::Request& request);

// Every rail's credential headers: the above, PAYMENT-SIGNATURE and X-PAYMENT.
paywall::PresentedHeaders presented_headers(const http::Request& request);

// Whether the request carries something that parses as an L402 credential
// (not whether it verifies).
bool carries_credential(const http::Request& request);

}  // namespace l402d::gateway
