#pragma once

// The BOLT11 invoice model. Field semantics follow lightning/bolts
// 11-payment-encoding.md; see docs/bolt11.md for the choices where the spec and
// its own vectors disagree.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/bytes.hpp"

namespace l402d::bolt11 {

using PublicKey = std::array<std::uint8_t, 33>;  // compressed secp256k1 point
using SecretKey = std::array<std::uint8_t, 32>;

enum class Network { mainnet, testnet, signet, regtest };

struct RouteHop {
  PublicKey pubkey{};
  std::uint64_t short_channel_id = 0;
  std::uint32_t fee_base_msat = 0;
  std::uint32_t fee_proportional_millionths = 0;
  std::uint16_t cltv_expiry_delta = 0;
};

struct Fallback {
  std::uint8_t version = 0;  // 0-16 segwit version, 17 P2PKH, 18 P2SH
  Bytes program;
};

struct Invoice {
  Network network = Network::mainnet;
  std::optional<std::uint64_t> amount_msat;  // nullopt: "any amount"
  std::uint64_t timestamp = 0;               // seconds since the epoch
  Hash32 payment_hash{};
  Hash32 payment_secret{};
  std::optional<std::string> description;  // exactly one of description /
  std::optional<Hash32> description_hash;  // description_hash is set
  std::uint64_t expiry_seconds = 3600;
  std::uint64_t min_final_cltv_expiry_delta = 18;
  std::optional<Bytes> metadata;
  std::vector<Fallback> fallbacks;
  std::vector<std::vector<RouteHop>> routes;
  std::vector<std::uint16_t> feature_bits;  // set bit numbers, ascending

  // The payee. On decode: the `n` field if present, else the key recovered from
  // the signature. On encode: ignored (the signing key defines it) except that
  // `include_payee_field` writes it as an `n` field.
  PublicKey payee{};
  bool include_payee_field = false;

  std::uint64_t expires_at() const { return timestamp + expiry_seconds; }
};

}  // namespace l402d::bolt11
