#pragma once

// The L402 macaroon identifier (Aperture's l402.Identifier, version 0):
//   uint16 version (big-endian) ‖ payment_hash[32] ‖ token_id[32]  = 66 bytes.

#include <array>
#include <cstdint>
#include <string_view>

#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::l402 {

inline constexpr std::size_t kIdentifierSize = 66;
inline constexpr std::uint16_t kIdentifierVersion = 0;
// Aperture's macaroon location; not covered by the signature, kept for clients
// that display it.
inline constexpr std::string_view kMacaroonLocation = "lsat";

using IdentifierBytes = std::array<std::uint8_t, kIdentifierSize>;

struct Identifier {
  std::uint16_t version = kIdentifierVersion;
  Hash32 payment_hash{};
  Hash32 token_id{};

  IdentifierBytes encode() const;
  // sha256(encode()): the key Aperture's secret stores file root keys under.
  Hash32 hash() const;
  bool operator==(const Identifier&) const = default;
};

enum class IdentifierError {
  wrong_size,       // not exactly 66 bytes (Aperture tolerates trailing bytes; we do not)
  unknown_version,  // a version this code does not know how to read
};

Expected<Identifier, IdentifierError> decode_identifier(ByteView data);

}  // namespace l402d::l402
