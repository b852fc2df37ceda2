#include "gateway/credential_headers.hpp"

#include <boost/beast/core/string.hpp>

namespace l402d::gateway {

l402::CredentialHeaders credential_headers(const http::Request& request) {
  l402::CredentialHeaders headers;
  for (const auto& field : request) {
    if (field.name() == http::Field::authorization) {
      headers.authorization.push_back(field.value());
    } else if (boost::beast::iequals(field.name_string(), "Grpc-Metadata-Macaroon")) {
      headers.grpc_metadata_macaroon.push_back(field.value());
    } else if (boost::beast::iequals(field.name_string(), "Macaroon")) {
      headers.macaroon.push_back(field.value());
    }
  }
  return headers;
}

bool carries_credential(const http::Request& request) {
  return l402::parse_credential(credential_headers(request)).has_value();
}

}  // namespace l402d::gateway
