#pragma once

// The server's TLS identity: a certificate chain and its private key, read
// from PEM files into a fresh context. A fresh one each time, so that a reload
// (SIGHUP after a renewal) never touches the context open connections use.

#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace l402d::http {

struct TlsFiles {
  std::string cert_file;  // PEM: the certificate, then any intermediates
  std::string key_file;   // PEM: its private key; never logged
};

// A server context presenting `files`: TLS 1.2 and later, forward-secret AEAD
// ciphers in the server's order, no renegotiation, HTTP/1.1 by ALPN. Throws
// std::runtime_error naming the file that cannot be read or does not match.
std::shared_ptr<boost::asio::ssl::context> load_tls_context(const TlsFiles& files);

}  // namespace l402d::http
