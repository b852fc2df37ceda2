#pragma once

// Real signed BOLT11 invoices with a known preimage, as a node would issue.

#include <string>

#include "bolt11/codec.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::client::testing {

struct TestInvoice {
  std::string bolt11;
  bolt11::Invoice decoded;
  Hash32 preimage{};
  std::string preimage_hex;
  std::string hash_hex;
};

inline TestInvoice make_test_invoice(std::uint64_t amount_msat = 21'000,
                                     bolt11::Network network = bolt11::Network::regtest,
                                     std::optional<Hash32> payment_hash = std::nullopt) {
  TestInvoice t;
  t.preimage = random_array<32>();
  bolt11::Invoice inv;
  inv.network = network;
  inv.amount_msat = amount_msat;
  inv.timestamp = static_cast<std::uint64_t>(unix_now());
  inv.payment_hash = payment_hash.value_or(sha256(t.preimage));
  inv.payment_secret = random_array<32>();
  inv.description = "L402 test";
  auto key =
      *from_hex_array<32>("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734");
  t.bolt11 = bolt11::encode(inv, key);
  t.decoded = *bolt11::decode(t.bolt11);
  t.preimage_hex = to_hex(t.preimage);
  t.hash_hex = to_hex(t.decoded.payment_hash);
  return t;
}

}  // namespace l402d::client::testing
