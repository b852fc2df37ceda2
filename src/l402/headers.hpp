#pragma once

// L402 header text, without any HTTP types: callers pass header values as strings.
//
// Server side we accept a superset of Aperture (l402/header.go):
//   Authorization: <L402|LSAT, any case> 1*SP <macaroon base64>:<preimage hex>
//     base64 standard or URL-safe, padded or not; hex in either case;
//     several Authorization values (repeated headers or comma-joined) must all
//     carry the same credential; other schemes (Bearer, Payment, ...) are ignored.
//   Grpc-Metadata-Macaroon / Macaroon: <hex macaroon with a preimage=<hex> caveat>
//     consulted only when no Authorization value carries an L402 credential.
// Client side we read WWW-Authenticate challenges with macaroon= or token=,
// quoted or not, several per line, preferring L402 to LSAT.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "l402/credential.hpp"
#include "l402/verify_error.hpp"
#include "util/expected.hpp"

namespace l402d::l402 {

// Exactly `L402 macaroon="<b64>", invoice="<bolt11>"`: the shape every deployed
// client's regex matches (Aperture, lnget, lsat-js, Alby, l402-requests).
std::string format_challenge(std::string_view macaroon_b64, std::string_view invoice);
// The same with the legacy scheme name, for servers that also emit an LSAT line.
std::string format_lsat_challenge(std::string_view macaroon_b64, std::string_view invoice);

// `L402 <b64>:<hex>`, what our client sends.
std::string format_authorization(std::string_view macaroon_b64, const Hash32& preimage);

// Views into the caller's header storage; they must outlive the parse call.
struct CredentialHeaders {
  std::vector<std::string_view> authorization;           // every Authorization value
  std::vector<std::string_view> grpc_metadata_macaroon;  // every Grpc-Metadata-Macaroon value
  std::vector<std::string_view> macaroon;                // every Macaroon value
};

// credential_missing when no header carries an L402 credential; otherwise the
// credential or credential_malformed / macaroon_malformed.
Expected<Credential, VerifyError> parse_credential(const CredentialHeaders& headers);

// One or more Authorization values only.
Expected<Credential, VerifyError> parse_authorization(std::span<const std::string_view> values);
Expected<Credential, VerifyError> parse_authorization(std::string_view value);
Expected<Credential, VerifyError> parse_authorization(const std::vector<std::string>& values);

// A hex-encoded macaroon carrying `preimage=<hex>` (the last one wins, as in Aperture).
Expected<Credential, VerifyError> parse_macaroon_header(std::string_view hex_value);

struct Challenge {
  std::string scheme;    // "L402" or "LSAT" as spelled by the server
  std::string macaroon;  // base64 text as sent
  std::string invoice;   // BOLT11
};

// The best L402/LSAT challenge among all WWW-Authenticate values: L402 before
// LSAT, then the first one. nullopt when none has both a macaroon and an invoice.
std::optional<Challenge> parse_challenge(std::span<const std::string_view> www_authenticate);
std::optional<Challenge> parse_challenge(std::string_view www_authenticate);
std::optional<Challenge> parse_challenge(const std::vector<std::string>& www_authenticate);

}  // namespace l402d::l402
