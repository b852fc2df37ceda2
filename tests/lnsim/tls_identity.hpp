#pragma once

// The certificates the real nodes generate at first start, generated the same
// way here with OpenSSL:
//
//   lnd:      one self-signed ECDSA P-256 certificate (CA:TRUE) for localhost,
//             127.0.0.1 and ::1, which clients pin (tls.cert, tls.key).
//   clnrest:  a CA ("cln Root REST CA") that signs a server and a client
//             certificate (ca.pem, server.pem, client.pem and their -key.pem),
//             as plugins/rest-plugin/src/certs.rs makes them with rcgen.

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

namespace l402d::lnsim {

struct PemPair {
  std::string cert_pem;
  std::string key_pem;  // secret
};

struct ClnCertificates {
  PemPair ca;
  PemPair server;
  PemPair client;
};

PemPair make_lnd_certificate();
ClnCertificates make_cln_certificates(const std::string& rest_host);

// A server context presenting `identity`, TLS 1.2 and later.
std::shared_ptr<boost::asio::ssl::context> make_server_context(const PemPair& identity);

}  // namespace l402d::lnsim
