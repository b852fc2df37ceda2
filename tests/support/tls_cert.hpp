#pragma once

// A self-signed server certificate and its key, made at test time with
// OpenSSL (nothing secret or expiring is checked in) and written as PEM files
// for code that loads them the way a deployment would.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace l402d::testing {

struct TlsCertFiles {
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  std::string fingerprint;  // SHA-256 of the certificate's DER, hex
};

// The SHA-256 of a certificate's DER encoding, as hex: what tells two
// certificates apart from the client's side.
inline std::string cert_fingerprint(X509* cert) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  if (X509_digest(cert, EVP_sha256(), md.data(), &n) != 1) {
    throw std::runtime_error("test certificate: X509_digest");
  }
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) {
    std::array<char, 3> byte{};
    std::snprintf(byte.data(), byte.size(), "%02x", md[i]);
    hex += byte.data();
  }
  return hex;
}

namespace detail {

inline void check_ok(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test certificate: ") + what);
}

inline void write_pem(const std::filesystem::path& path, auto write) {
  std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "w"), &std::fclose);
  check_ok(file != nullptr, "cannot write the PEM file");
  check_ok(write(file.get()) == 1, "PEM write");
}

}  // namespace detail

// An EC P-256 key and a certificate for localhost and 127.0.0.1 signed with
// it, written to dir/<name>.crt and dir/<name>.key.
inline TlsCertFiles make_tls_cert(const std::filesystem::path& dir, const std::string& name) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
  detail::check_ok(key != nullptr, "EC key");
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  detail::check_ok(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24L * 3600);
  X509_NAME* subject = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), subject);
  X509_set_pubkey(cert.get(), key.get());
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  detail::check_ok(san != nullptr, "subjectAltName");
  X509_add_ext(cert.get(), san, -1);
  X509_EXTENSION_free(san);
  detail::check_ok(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "X509_sign");

  TlsCertFiles out{dir / (name + ".crt"), dir / (name + ".key"), cert_fingerprint(cert.get())};
  detail::write_pem(out.cert_file, [&](FILE* f) { return PEM_write_X509(f, cert.get()); });
  detail::write_pem(out.key_file, [&](FILE* f) {
    return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  return out;
}

}  // namespace l402d::testing
