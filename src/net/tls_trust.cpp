#include "net/tls_trust.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "net/http_types.hpp"

namespace l402d::net {

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using Certificate = std::unique_ptr<X509, X509Free>;

[[noreturn]] void fail(const std::string& message) {
  ERR_clear_error();  // the queue is per thread: leave none of ours for libcurl to misreport
  throw HttpError(HttpError::Kind::tls, message);
}

Certificate read_first_certificate(const std::string& path, const std::string& what) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) fail("cannot read the " + what + " " + path);
  Certificate cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) fail("the " + what + " " + path + " holds no PEM certificate");
  return cert;
}

std::string pin_of(const X509& cert, const std::string& path) {
  unsigned char* der = nullptr;
  int der_len = i2d_PUBKEY(X509_get0_pubkey(&cert), &der);
  if (der_len <= 0) fail("the pinned certificate " + path + " has no usable public key");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  int ok = EVP_Digest(der, static_cast<std::size_t>(der_len), digest, &digest_len, EVP_sha256(),
                      nullptr);
  OPENSSL_free(der);
  if (ok != 1) fail("cannot hash the public key of " + path);
  std::string base64(4 * ((digest_len + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), digest,
                          static_cast<int>(digest_len));
  base64.resize(static_cast<std::size_t>(n));
  return "sha256//" + base64;
}

}  // namespace

std::string public_key_pin(const std::string& pem_file) {
  return pin_of(*read_first_certificate(pem_file, "pinned certificate"), pem_file);
}

TlsTrust resolve_tls_trust(const std::string& ca_file, const std::string& pinned_cert_file) {
  TlsTrust trust;
  if (!ca_file.empty()) {
    // libcurl would only say "problem with the SSL CA cert" at connect time.
    read_first_certificate(ca_file, "CA file");
    trust.ca_file = ca_file;
  }
  if (!pinned_cert_file.empty()) {
    trust.pinned_public_key = public_key_pin(pinned_cert_file);
    if (trust.ca_file.empty()) trust.ca_file = pinned_cert_file;
  }
  return trust;
}

}  // namespace l402d::net
