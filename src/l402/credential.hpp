#pragma once

#include "util/bytes.hpp"

namespace l402d::l402 {

// What a client proves possession of: the macaroon bytes (V2 binary, decoded
// from base64 or hex) and the 32-byte preimage of the invoice it paid.
struct Credential {
  Bytes macaroon;
  Hash32 preimage{};
  bool operator==(const Credential&) const = default;
};

}  // namespace l402d::l402
