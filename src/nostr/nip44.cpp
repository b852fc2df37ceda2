#include "nostr/nip44.hpp"

#include <openssl/evp.h>

#include <bit>
#include <memory>
#include <stdexcept>

#include "nostr/ecdh.hpp"
#include "nostr/hkdf.hpp"
#include "nostr/strict_base64.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"

namespace l402d::nostr::nip44 {
namespace {

constexpr std::uint8_t kVersion = 2;
constexpr std::uint64_t kExtendedPrefixThreshold = 65536;
constexpr std::size_t kMinPayloadSize = 132;  // base64 characters
constexpr std::size_t kMinDataSize = 99;  // 1 version + 32 nonce + 2 prefix + 32 padded + 32 mac
constexpr std::size_t kMacSize = 32;

Unexpected<Error> fail(ErrorCode code, std::string message) {
  return unexpected(Error{code, "nip44: " + std::move(message)});
}

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

// ChaCha20 of RFC 8439 with the block counter starting at 0. OpenSSL takes a
// 16-byte IV: the 32-bit little-endian counter, then the 96-bit nonce.
void chacha20(const MessageKeys& keys, ByteView in, std::uint8_t* out) {
  std::array<std::uint8_t, 16> iv{};
  std::copy(keys.chacha_nonce.view().begin(), keys.chacha_nonce.view().end(), iv.begin() + 4);
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_chacha20(), nullptr, keys.chacha_key.data(),
                                 iv.data()) != 1) {
    throw std::runtime_error("OpenSSL ChaCha20 set-up failed");
  }
  // EVP lengths are ints; plaintexts may reach 4 GiB.
  constexpr std::size_t kChunk = std::size_t{1} << 30;
  for (std::size_t done = 0; done < in.size();) {
    const std::size_t n = std::min(kChunk, in.size() - done);
    int written = 0;
    if (EVP_EncryptUpdate(ctx.get(), out + done, &written, in.data() + done, static_cast<int>(n)) !=
            1 ||
        static_cast<std::size_t>(written) != n) {
      throw std::runtime_error("OpenSSL ChaCha20 failed");
    }
    done += n;
  }
}

// The MAC covers nonce || ciphertext, which sit side by side in the payload.
Hash32 mac(const MessageKeys& keys, ByteView nonce_and_ciphertext) {
  return hmac_sha256(keys.hmac_key.view(), nonce_and_ciphertext);
}

std::uint32_t read_be(const std::uint8_t* p, int bytes) {
  std::uint32_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v = (v << 8) | p[i];
  return v;
}

// Wipes a plaintext-bearing buffer when it goes out of scope.
struct WipeOnExit {
  Bytes& bytes;
  ~WipeOnExit() { secure_wipe(bytes); }
};

}  // namespace

ConversationKey conversation_key(const SecretKey& a, const PublicKey& b) {
  const SecretBytes<32> shared = shared_x(a, b);
  return hkdf_sha256_extract(as_bytes("nip44-v2"), shared.view());
}

MessageKeys message_keys(const ConversationKey& key, const Nonce& nonce) {
  SecretBytes<76> okm;
  hkdf_sha256_expand(key.view(), nonce, okm.writable());
  const auto all = okm.view();
  return MessageKeys{SecretBytes<32>(all.subspan<0, 32>()), SecretBytes<12>(all.subspan<32, 12>()),
                     SecretBytes<32>(all.subspan<44, 32>())};
}

std::uint64_t calc_padded_len(std::uint64_t unpadded_len) {
  if (unpadded_len <= 32) return 32;
  const std::uint64_t next_power = std::uint64_t{1} << std::bit_width(unpadded_len - 1);
  const std::uint64_t chunk = next_power <= 256 ? 32 : next_power / 8;
  return chunk * ((unpadded_len - 1) / chunk + 1);
}

Expected<Bytes, Error> pad(std::string_view plaintext) {
  const std::uint64_t len = plaintext.size();
  if (len < 1 || len > kMaxPlaintextSize) {
    return fail(ErrorCode::invalid_plaintext, "plaintext must be 1 to 4294967295 bytes");
  }
  const std::size_t prefix = len >= kExtendedPrefixThreshold ? 6 : 2;
  Bytes out(prefix + calc_padded_len(len), 0);
  if (prefix == 2) {
    out[0] = static_cast<std::uint8_t>(len >> 8);
    out[1] = static_cast<std::uint8_t>(len);
  } else {
    for (int i = 0; i < 4; ++i)
      out[2 + i] = static_cast<std::uint8_t>(len >> (24 - 8 * i));
  }
  std::copy(plaintext.begin(), plaintext.end(), out.begin() + static_cast<std::ptrdiff_t>(prefix));
  return out;
}

Expected<std::string, Error> unpad(ByteView padded) {
  if (padded.size() < 2) return fail(ErrorCode::invalid_padding, "invalid padding");
  std::uint64_t len = read_be(padded.data(), 2);
  std::size_t prefix = 2;
  if (len == 0) {
    // The extended form is only for lengths the short one cannot hold.
    if (padded.size() < 6) return fail(ErrorCode::invalid_padding, "invalid padding");
    len = read_be(padded.data() + 2, 4);
    prefix = 6;
    if (len < kExtendedPrefixThreshold) return fail(ErrorCode::invalid_padding, "invalid padding");
  }
  // calc_padded_len(len) >= len, so this also proves the plaintext is all there.
  if (padded.size() - prefix != calc_padded_len(len)) {
    return fail(ErrorCode::invalid_padding, "invalid padding");
  }
  return std::string(as_chars(padded.subspan(prefix, len)));
}

Expected<std::string, Error> encrypt(std::string_view plaintext, const ConversationKey& key,
                                     const Nonce& nonce) {
  auto padded = pad(plaintext);
  if (!padded) return unexpected(padded.error());
  WipeOnExit wipe{*padded};
  const MessageKeys keys = message_keys(key, nonce);
  Bytes data(1 + nonce.size() + padded->size() + kMacSize);
  data[0] = kVersion;
  std::copy(nonce.begin(), nonce.end(), data.begin() + 1);
  std::uint8_t* ciphertext = data.data() + 1 + nonce.size();
  chacha20(keys, *padded, ciphertext);
  const Hash32 tag = mac(keys, ByteView(data).subspan(1, nonce.size() + padded->size()));
  std::copy(tag.begin(), tag.end(), data.end() - kMacSize);
  return base64_encode(data);
}

Expected<std::string, Error> encrypt(std::string_view plaintext, const ConversationKey& key) {
  return encrypt(plaintext, key, random_array<32>());
}

Expected<std::string, Error> decrypt(std::string_view payload, const ConversationKey& key,
                                     std::size_t max_payload_size) {
  if (payload.empty()) return fail(ErrorCode::malformed_payload, "invalid payload length: 0");
  if (payload.front() == '#') {
    return fail(ErrorCode::unsupported_encryption, "unknown encryption version (non-base64)");
  }
  if (payload.size() < kMinPayloadSize) {
    return fail(ErrorCode::malformed_payload,
                "invalid payload length: " + std::to_string(payload.size()));
  }
  if (payload.size() > max_payload_size) {
    return fail(ErrorCode::payload_too_large, "payload of " + std::to_string(payload.size()) +
                                                  " characters is above the " +
                                                  std::to_string(max_payload_size) + " accepted");
  }
  auto data = strict_base64_decode(payload);
  if (!data) return fail(ErrorCode::malformed_payload, "invalid base64");
  if (data->size() < kMinDataSize) {
    return fail(ErrorCode::malformed_payload,
                "invalid data length: " + std::to_string(data->size()));
  }
  if ((*data)[0] != kVersion) {
    return fail(ErrorCode::unsupported_encryption,
                "unknown encryption version " + std::to_string((*data)[0]));
  }
  const ByteView all(*data);
  Nonce nonce;
  std::copy_n(all.begin() + 1, nonce.size(), nonce.begin());
  const ByteView nonce_and_ciphertext = all.subspan(1, all.size() - 1 - kMacSize);
  const ByteView ciphertext = nonce_and_ciphertext.subspan(nonce.size());

  const MessageKeys keys = message_keys(key, nonce);
  const Hash32 expected_mac = mac(keys, nonce_and_ciphertext);
  const ByteView received_mac = all.last(kMacSize);
  if (!constant_time_equal(expected_mac, received_mac)) {
    return fail(ErrorCode::mac_mismatch, "invalid MAC");
  }
  Bytes padded(ciphertext.size());
  WipeOnExit wipe{padded};
  chacha20(keys, ciphertext, padded.data());
  return unpad(padded);
}

}  // namespace l402d::nostr::nip44
