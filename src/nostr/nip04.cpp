#include "nostr/nip04.hpp"

#include <openssl/evp.h>

#include <climits>
#include <memory>
#include <stdexcept>

#include "nostr/ecdh.hpp"
#include "nostr/strict_base64.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"

namespace l402d::nostr::nip04 {
namespace {

constexpr std::string_view kIvSeparator = "?iv=";
constexpr std::size_t kBlock = 16;

Unexpected<Error> fail(ErrorCode code, std::string message) {
  return unexpected(Error{code, "nip04: " + std::move(message)});
}

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

// AES-256-CBC with PKCS#7 padding; nullopt when decryption finds bad padding.
std::optional<Bytes> aes_256_cbc(bool encrypting, const SecretBytes<32>& key, const Iv& iv,
                                 ByteView in) {
  if (in.size() > static_cast<std::size_t>(INT_MAX) - kBlock) {
    throw std::length_error("nip04: content too large");
  }
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), iv.data(),
                                encrypting ? 1 : 0) != 1) {
    throw std::runtime_error("OpenSSL AES-256-CBC set-up failed");
  }
  Bytes out(in.size() + kBlock);
  int n = 0;
  int tail = 0;
  if (EVP_CipherUpdate(ctx.get(), out.data(), &n, in.data(), static_cast<int>(in.size())) != 1) {
    throw std::runtime_error("OpenSSL AES-256-CBC failed");
  }
  if (EVP_CipherFinal_ex(ctx.get(), out.data() + n, &tail) != 1) {
    secure_wipe(out);
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(n + tail));
  return out;
}

}  // namespace

std::string encrypt(std::string_view plaintext, const SecretKey& sender, const PublicKey& recipient,
                    const Iv& iv) {
  const auto ciphertext = aes_256_cbc(true, shared_x(sender, recipient), iv, as_bytes(plaintext));
  std::string out = base64_encode(*ciphertext);
  out.append(kIvSeparator);
  out.append(base64_encode(iv));
  return out;
}

std::string encrypt(std::string_view plaintext, const SecretKey& sender,
                    const PublicKey& recipient) {
  return encrypt(plaintext, sender, recipient, random_array<16>());
}

Expected<std::string, Error> decrypt(std::string_view content, const SecretKey& recipient,
                                     const PublicKey& sender, std::size_t max_content_size) {
  if (content.size() > max_content_size) {
    return fail(ErrorCode::payload_too_large, "content of " + std::to_string(content.size()) +
                                                  " characters is above the " +
                                                  std::to_string(max_content_size) + " accepted");
  }
  const std::size_t sep = content.find(kIvSeparator);
  if (sep == std::string_view::npos) return fail(ErrorCode::malformed_payload, "no \"?iv=\" part");
  const auto ciphertext = strict_base64_decode(content.substr(0, sep));
  const auto iv_bytes = strict_base64_decode(content.substr(sep + kIvSeparator.size()));
  if (!ciphertext || !iv_bytes) return fail(ErrorCode::malformed_payload, "invalid base64");
  if (iv_bytes->size() != kBlock) return fail(ErrorCode::malformed_payload, "IV is not 16 bytes");
  if (ciphertext->empty() || ciphertext->size() % kBlock != 0) {
    return fail(ErrorCode::malformed_payload, "ciphertext is not a whole number of AES blocks");
  }
  Iv iv;
  std::copy(iv_bytes->begin(), iv_bytes->end(), iv.begin());
  auto plaintext = aes_256_cbc(false, shared_x(recipient, sender), iv, *ciphertext);
  if (!plaintext) return fail(ErrorCode::invalid_padding, "invalid padding (wrong key?)");
  std::string out(as_chars(*plaintext));
  secure_wipe(*plaintext);
  return out;
}

}  // namespace l402d::nostr::nip04
