#pragma once

// Shared helpers for the bolt11 tests: fixtures, hex, and signing arbitrary data
// parts so that tests can build invoices the encoder would refuse to write.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bolt11/bech32.hpp"
#include "bolt11/codec.hpp"
#include "bolt11/signature.hpp"
#include "bolt11/signing_payload.hpp"
#include "util/hex.hpp"

namespace l402d::bolt11::test {

// The key of every official vector except the high-S one.
inline SecretKey vector_key() {
  return *from_hex_array<32>("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734");
}
inline constexpr std::string_view kVectorPubkey =
    "03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad";

inline std::string read_fixture(const std::string& relative) {
  const char* env = std::getenv("L402D_TEST_DATA");
  const std::string root = env != nullptr ? env : L402D_TEST_DATA;
  std::ifstream in(root + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + relative);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// A data part under construction, as 5-bit words.
struct RawInvoice {
  std::string hrp = "lnbc";
  std::vector<std::uint8_t> words;

  RawInvoice& timestamp(std::uint64_t t) {
    for (int i = 6; i >= 0; --i)
      words.push_back(static_cast<std::uint8_t>((t >> (5 * i)) & 31));
    return *this;
  }
  RawInvoice& field_words(std::uint8_t type, const std::vector<std::uint8_t>& data) {
    words.push_back(type);
    words.push_back(static_cast<std::uint8_t>(data.size() >> 5));
    words.push_back(static_cast<std::uint8_t>(data.size() & 31));
    words.insert(words.end(), data.begin(), data.end());
    return *this;
  }
  RawInvoice& field_bytes(std::uint8_t type, ByteView bytes) {
    std::vector<std::uint8_t> w;
    bytes_to_words_append(w, bytes);
    return field_words(type, w);
  }
  // The usual p, s and d fields.
  RawInvoice& basics() {
    Hash32 h{};
    h.fill(0x01);
    field_bytes(1, h);
    h.fill(0x11);
    field_bytes(16, h);
    return field_bytes(13, as_bytes(std::string_view("test")));
  }
  std::string sign(const SecretKey& key) const {
    const auto sig = sign_recoverable(signing_hash(hrp, words), key);
    return with_signature(sig);
  }
  std::string with_signature(const RecoverableSignature& sig) const {
    std::vector<std::uint8_t> all = words;
    bytes_to_words_append(all, sig);
    return bech32_encode(hrp, all);
  }
};

}  // namespace l402d::bolt11::test
