#pragma once

// What the simulated network charges to route a payment: a base fee plus a
// proportional part, like a channel policy. Paying one's own node is free.

#include <cstdint>

namespace l402d::lnsim {

struct FeePolicy {
  std::uint64_t base_msat = 1000;  // 1 sat
  std::uint64_t ppm = 1000;        // 0.1 %

  std::uint64_t fee_for(std::uint64_t amount_msat) const {
    return base_msat + amount_msat / 1'000'000 * ppm + amount_msat % 1'000'000 * ppm / 1'000'000;
  }
};

}  // namespace l402d::lnsim
