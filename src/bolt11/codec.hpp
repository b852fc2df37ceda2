#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bolt11/invoice.hpp"
#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::bolt11 {

// Why a string is not a valid invoice. Codes are stable: callers switch on them.
enum class DecodeError {
  too_long,         // over the length cap (7089 characters, lnd's), rejected before bech32
  bad_bech32,       // not bech32: no separator, bad character, mixed case
  bad_checksum,     // bech32 checksum mismatch (bech32m is a mismatch too)
  unknown_network,  // hrp prefix is not lnbc / lntb / lntbs / lnbcrt
  bad_amount,       // malformed amount or multiplier, sub-msat precision
  too_short,        // fewer words than timestamp + signature
  bad_field,        // a tagged field overruns the data or is malformed
  missing_payment_hash,
  missing_payment_secret,
  bad_description,           // neither or both of d and h, or d is not UTF-8
  unknown_required_feature,  // an even feature bit we do not understand
  bad_signature,             // does not verify against n, or not low-S with n
  unrecoverable_signature,   // no key recovers from the signature
};

std::string_view to_string(DecodeError e);

// lnd's maxInvoiceLength: far above any real invoice, low enough that a hostile
// megabyte string costs nothing.
inline constexpr std::size_t kMaxInvoiceLength = 7089;

struct DecodeOptions {
  std::size_t max_length = kMaxInvoiceLength;  // SIZE_MAX lifts the cap
};

// Accepts lower or upper case (not mixed) and no "lightning:" prefix.
Expected<Invoice, DecodeError> decode(std::string_view invoice);
Expected<Invoice, DecodeError> decode(std::string_view invoice, const DecodeOptions& options);

// The order tagged fields are written in by default.
inline constexpr std::string_view kDefaultFieldOrder = "psdhnmxcfr9";

struct EncodeOptions {
  // Tag characters in the order to write the fields, to reproduce another writer's
  // invoice byte for byte. Fields whose tag is missing follow in kDefaultFieldOrder.
  // `x` and `c` are written when listed here or when they differ from the defaults
  // (3600, 18); `9` when any feature bit is set; `n` only with include_payee_field.
  std::string_view field_order = kDefaultFieldOrder;
};

// Encodes and signs (RFC6979 nonce, low-S). The payee is the key's public key.
// Throws std::invalid_argument on an invoice that cannot be written: not exactly one
// of description / description_hash, a zero amount, a timestamp beyond 35 bits, a
// field over 1023 words, a fallback version above 31, or an invalid key.
std::string encode(const Invoice& invoice, const SecretKey& key);
std::string encode(const Invoice& invoice, const SecretKey& key, const EncodeOptions& options);

// The compressed public key of `key`; throws std::invalid_argument on an invalid key.
PublicKey public_key(const SecretKey& key);

std::string_view hrp_prefix(Network network);  // "lnbc", "lntb", "lntbs", "lnbcrt"

// Feature bits (BOLT 9, context 9) this reader understands: an even bit outside
// this set makes decode fail with unknown_required_feature.
bool is_known_feature(std::uint16_t bit);

// The bytes an invoice's signature covers: hrp (lower case) || data words without
// the signature, packed into bytes and zero-padded. Checks bech32 and length only.
Expected<Bytes, DecodeError> signing_payload(std::string_view invoice);

}  // namespace l402d::bolt11
