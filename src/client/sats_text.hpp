#pragma once

#include <cstdint>
#include <string>

namespace l402d::client {

// Millisatoshis as sats for people, exactly: "21", "21.5", "0.001".
std::string sats_text(std::uint64_t msat);

// Sats rounded up: what a limit in whole sats must cover.
inline std::uint64_t sats_ceil(std::uint64_t msat) {
  return msat / 1000 + (msat % 1000 != 0);
}

}  // namespace l402d::client
