#include "http/tls_certificates.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <array>
#include <boost/asio/ssl/context.hpp>
#include <stdexcept>
#include <system_error>

namespace l402d::http {

namespace ssl = boost::asio::ssl;

namespace {

// Mozilla's "intermediate" TLS 1.2 list without DHE (no DH parameters are
// configured); TLS 1.3 suites are OpenSSL's defaults, all of them sound.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// The root cause, the first error OpenSSL queued ("No such file or
// directory", "no start line", "key values mismatch"): the later ones only
// say which layer passed it on. Its messages never carry key material.
std::string openssl_reason() {
  const unsigned long code = ERR_peek_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  if (ERR_SYSTEM_ERROR(code)) {
    return std::error_code(ERR_GET_REASON(code), std::system_category()).message();
  }
  if (const char* reason = ERR_reason_error_string(code)) return reason;
  std::array<char, 256> text{};
  ERR_error_string_n(code, text.data(), text.size());
  return text.data();
}

[[noreturn]] void fail(const std::string& what, const std::string& file) {
  throw std::runtime_error("tls: " + what + " " + file + ": " + openssl_reason());
}

// Clients that offer h2 and http/1.1 (curl, browsers) must not guess: only
// HTTP/1.1 is served. A client that offers neither goes on without ALPN.
int select_http11(SSL*, const unsigned char** out, unsigned char* out_len, const unsigned char* in,
                  unsigned int in_len, void*) {
  static constexpr unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, out_len, kHttp11, sizeof kHttp11, in, in_len) !=
      OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

void harden(SSL_CTX* ctx) {
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(
      ctx, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_cipher_list(ctx, kTls12Ciphers);
  SSL_CTX_set_alpn_select_cb(ctx, select_http11, nullptr);
}

}  // namespace

std::shared_ptr<ssl::context> load_tls_context(const TlsFiles& files) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  harden(ctx);
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(ctx, files.cert_file.c_str()) != 1) {
    fail("cannot load the certificate", files.cert_file);
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, files.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    fail("cannot load the private key", files.key_file);
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    fail("the private key does not match the certificate in", files.cert_file);
  }
  return context;
}

}  // namespace l402d::http
