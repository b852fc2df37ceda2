#pragma once

// TLS for the Beast client, with the trust rules of tls_trust.hpp: a CA file
// narrows the trusted roots, a pinned certificate (LND's self-signed
// tls.cert) is the only root and its public key must be the server's, and
// the host name (or IP address) is always checked.

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

namespace l402d::net {

// Throws HttpError(tls) naming a file it cannot read or that holds no
// certificate.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const std::string& ca_file,
                                                            const std::string& pinned_cert_file);

// Before the handshake: SNI for names, and the name or address the
// certificate must be for. Returns false when OpenSSL refuses the host.
bool expect_peer(SSL* ssl, const std::string& host);

}  // namespace l402d::net
