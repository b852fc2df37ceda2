#include "net/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>

#include "net/http_types.hpp"

namespace l402d::net {

namespace {

namespace ssl = boost::asio::ssl;

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PublicKey = std::shared_ptr<EVP_PKEY>;

[[noreturn]] void fail(const std::string& message) {
  ERR_clear_error();
  throw HttpError(HttpError::Kind::tls, message);
}

PublicKey read_public_key(const std::string& path) {
  BIO* bio = BIO_new_file(path.c_str(), "r");
  if (!bio) fail("cannot read the pinned certificate " + path);
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!cert) fail("the pinned certificate " + path + " holds no PEM certificate");
  EVP_PKEY* key = X509_get_pubkey(cert);
  X509_free(cert);
  if (!key) fail("the pinned certificate " + path + " has no usable public key");
  return PublicKey(key, PkeyFree{});
}

void load_roots(ssl::context& ctx, const std::string& file, const char* what) {
  boost::system::error_code ec;
  ctx.load_verify_file(file, ec);
  if (ec) fail(std::string("cannot use the ") + what + " " + file);
}

}  // namespace

std::shared_ptr<ssl::context> make_tls_context(const std::string& ca_file,
                                               const std::string& pinned_cert_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx->set_verify_mode(ssl::verify_peer);
  if (!ca_file.empty()) {
    load_roots(*ctx, ca_file, "CA file");
  } else if (!pinned_cert_file.empty()) {
    load_roots(*ctx, pinned_cert_file, "pinned certificate");
  } else {
    ctx->set_default_verify_paths();
  }
  if (!pinned_cert_file.empty()) {
    auto pinned = read_public_key(pinned_cert_file);
    // The chain and host checks still run (preverified); the pin only narrows.
    ctx->set_verify_callback([pinned](bool preverified, ssl::verify_context& vc) {
      if (!preverified) return false;
      X509_STORE_CTX* store = vc.native_handle();
      if (X509_STORE_CTX_get_error_depth(store) != 0) return true;
      X509* leaf = X509_STORE_CTX_get_current_cert(store);
      return leaf && EVP_PKEY_eq(X509_get0_pubkey(leaf), pinned.get()) == 1;
    });
  }
  return ctx;
}

bool expect_peer(SSL* ssl, const std::string& host) {
  boost::system::error_code ec;
  auto ip = boost::asio::ip::make_address(host, ec);
  if (!ec) {
    return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), ip.to_string().c_str()) == 1;
  }
  // SSL_set_tlsext_host_name without its macro's C cast.
  const bool sni = SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                            const_cast<char*>(host.c_str())) == 1;
  return sni && SSL_set1_host(ssl, host.c_str()) == 1;
}

}  // namespace l402d::net
