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

paywall::PresentedHeaders presented_headers(const http::Request& request) {
  paywall::PresentedHeaders headers;
  headers.l402 = credential_headers(request);
  for (const auto& field : request) {
    if (boost::beast::iequals(field.name_string(), "Payment-Signature")) {
      headers.payment_signature.push_back(field.value());
    } else if (boost::beast::iequals(field.name_string(), "X-Payment")) {
      headers.x_payment.push_back(field.value());
    }
  }
  return headers;
}

bool carries_credential(const http::Request& request) {
  const auto headers = presented_headers(request);
  if (!headers.payment_signature.empty() || !headers.x_payment.empty()) return true;
  for (const auto value : headers.l402.authorization) {
    if (value.size() > 8 && boost::beast::iequals(value.substr(0, 8), "Payment ")) return true;
  }
  return l402::parse_credential(headers.l402).has_value();
}

}  // namespace l402d::gateway
