#pragma once

#include "util/bytes.hpp"
#include "util/crypto.hpp"

namespace l402d::l402 {

// HMAC-SHA256 with a fixed key whose padded-key blocks are hashed once, up front.
// Keys that sign many messages (go-macaroon's "macaroons-key-generator", the
// server secret of the derived root-key scheme) then cost two compressions per
// short message instead of four, which matters on the verify path.
class HmacKey {
 public:
  explicit HmacKey(ByteView key);
  HmacKey(const HmacKey&) = default;
  HmacKey& operator=(const HmacKey&) = default;
  ~HmacKey();

  Hash32 mac(ByteView message) const;
  // HMAC over a ‖ b without building the concatenation.
  Hash32 mac(ByteView a, ByteView b) const;

 private:
  Sha256 inner_;  // state after absorbing key ^ ipad
  Sha256 outer_;  // state after absorbing key ^ opad
};

}  // namespace l402d::l402
