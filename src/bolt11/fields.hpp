#pragma once

// Tagged-field types and the fixed layout of the data part (BOLT11 "Data Part").

#include <cstddef>
#include <cstdint>

namespace l402d::bolt11::field {

// Values are the 5-bit type codes; the comment is the bech32 character.
inline constexpr std::uint8_t kPaymentHash = 1;       // p
inline constexpr std::uint8_t kRoute = 3;             // r
inline constexpr std::uint8_t kFeatures = 5;          // 9
inline constexpr std::uint8_t kExpiry = 6;            // x
inline constexpr std::uint8_t kFallback = 9;          // f
inline constexpr std::uint8_t kDescription = 13;      // d
inline constexpr std::uint8_t kPaymentSecret = 16;    // s
inline constexpr std::uint8_t kPayee = 19;            // n
inline constexpr std::uint8_t kDescriptionHash = 23;  // h
inline constexpr std::uint8_t kMinFinalCltv = 24;     // c
inline constexpr std::uint8_t kMetadata = 27;         // m

inline constexpr std::size_t kTimestampWords = 7;    // 35 bits
inline constexpr std::size_t kSignatureWords = 104;  // 520 bits = r || s || recovery id
inline constexpr std::size_t kHeaderWords = 3;       // type + 10-bit length
inline constexpr std::size_t kMaxFieldWords = 1023;
inline constexpr std::size_t kHash32Words = 52;
inline constexpr std::size_t kPubkeyWords = 53;
inline constexpr std::size_t kRouteHopBytes = 51;

inline constexpr std::uint64_t kDefaultExpiry = 3600;
inline constexpr std::uint64_t kDefaultMinFinalCltv = 18;

}  // namespace l402d::bolt11::field
