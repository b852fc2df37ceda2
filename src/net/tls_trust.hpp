#pragma once

// What a request trusts when it talks TLS. Certificate and host name
// verification are always on; these only narrow whom they accept:
//
//   ca_file only:           the chain must end at a CA in that PEM bundle (the
//                           system's CAs are not consulted).
//   pinned_cert_file only:  that certificate is the only trust anchor and the
//                           server's public key must be its key: LND's
//                           self-signed tls.cert, accepted as is and nothing
//                           else.
//   both:                   the chain must end at a CA in ca_file and the
//                           server's key must be the pinned certificate's.
//   neither:                the system's CAs.
//
// Files are read on every call, so a rotated tls.cert takes effect without a
// restart; it is a few hundred bytes.

#include <string>

namespace l402d::net {

struct TlsTrust {
  std::string ca_file;            // for CURLOPT_CAINFO; empty: the system's CAs
  std::string pinned_public_key;  // for CURLOPT_PINNEDPUBLICKEY; empty: no pin

  bool empty() const { return ca_file.empty() && pinned_public_key.empty(); }
};

// Throws HttpError(tls) naming the file when one cannot be read or holds no
// PEM certificate.
TlsTrust resolve_tls_trust(const std::string& ca_file, const std::string& pinned_cert_file);

// "sha256//" + base64(SHA-256(DER SubjectPublicKeyInfo)) of the first
// certificate in a PEM file: libcurl's pin format, the same for every backend.
std::string public_key_pin(const std::string& pem_file);

}  // namespace l402d::net
