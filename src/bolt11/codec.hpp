#pragma once

#include <string>
#include <string_view>

#include "bolt11/invoice.hpp"
#include "util/expected.hpp"

namespace l402d::bolt11 {

// Why a string is not a valid invoice. Codes are stable: callers switch on them.
enum class DecodeError {
  too_long,             // over 7089 characters (lnd's cap), rejected before bech32
  bad_bech32,           // not bech32: no separator, bad character, mixed case
  bad_checksum,         // bech32 checksum mismatch (bech32m is a mismatch too)
  unknown_network,      // hrp prefix is not lnbc / lntb / lntbs / lnbcrt
  bad_amount,           // malformed amount or multiplier, sub-msat precision
  too_short,            // fewer words than timestamp + signature
  bad_field,            // a tagged field overruns the data or is malformed
  missing_payment_hash,
  missing_payment_secret,
  bad_description,      // neither or both of d and h
  unknown_required_feature,  // an even feature bit we do not understand
  bad_signature,        // does not verify against n, or not low-S with n
  unrecoverable_signature,   // no key recovers from the signature
};

std::string_view to_string(DecodeError e);

Expected<Invoice, DecodeError> decode(std::string_view invoice);

// Encodes and signs (RFC6979 nonce, low-S). The payee is the key's public key.
std::string encode(const Invoice& invoice, const SecretKey& key);

// The compressed public key of `key`; throws std::invalid_argument on an invalid key.
PublicKey public_key(const SecretKey& key);

std::string_view hrp_prefix(Network network);  // "lnbc", "lntb", "lntbs", "lnbcrt"

}  // namespace l402d::bolt11
