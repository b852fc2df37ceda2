#include "nostr/hkdf.hpp"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>
#include <stdexcept>

namespace l402d::nostr {
namespace {

struct KdfCtxFree {
  void operator()(EVP_KDF_CTX* c) const { EVP_KDF_CTX_free(c); }
};

// OpenSSL's HKDF in one of its single-step modes (extract only, expand only).
void hkdf(int mode, ByteView key, ByteView salt, ByteView info, std::span<std::uint8_t> out) {
  // Fetched once: provider look-ups are the expensive part of OpenSSL 3's KDFs.
  static EVP_KDF* const kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  if (kdf == nullptr) throw std::runtime_error("OpenSSL has no HKDF");
  std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(EVP_KDF_CTX_new(kdf));
  if (!ctx) throw std::runtime_error("EVP_KDF_CTX_new failed");

  char digest[] = "SHA256";
  OSSL_PARAM params[5];
  std::size_t n = 0;
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
  params[n++] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
  // OpenSSL's parameter API takes non-const pointers but only reads these.
  params[n++] = OSSL_PARAM_construct_octet_string(
      OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(key.data()), key.size());
  if (mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY) {
    params[n++] = OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_SALT, const_cast<std::uint8_t*>(salt.data()), salt.size());
  } else {
    params[n++] = OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_INFO, const_cast<std::uint8_t*>(info.data()), info.size());
  }
  params[n] = OSSL_PARAM_construct_end();
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    throw std::runtime_error("OpenSSL HKDF failed");
  }
}

}  // namespace

SecretBytes<32> hkdf_sha256_extract(ByteView salt, ByteView ikm) {
  SecretBytes<32> prk;
  hkdf(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, ikm, salt, {}, prk.writable());
  return prk;
}

void hkdf_sha256_expand(std::span<const std::uint8_t, 32> prk, ByteView info,
                        std::span<std::uint8_t> out) {
  hkdf(EVP_KDF_HKDF_MODE_EXPAND_ONLY, prk, {}, info, out);
}

}  // namespace l402d::nostr
