#include "l402/hmac_key.hpp"

#include <cstring>

namespace l402d::l402 {
namespace {

constexpr std::size_t kBlock = 64;

template <class T>
void wipe_object(T& object) {
  secure_wipe({reinterpret_cast<std::uint8_t*>(&object), sizeof object});
}

}  // namespace

HmacKey::HmacKey(ByteView key) {
  std::uint8_t k[kBlock] = {};
  if (key.size() > kBlock) {
    const Hash32 h = sha256(key);
    std::memcpy(k, h.data(), h.size());
  } else if (!key.empty()) {
    std::memcpy(k, key.data(), key.size());
  }
  std::uint8_t pad[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i)
    pad[i] = k[i] ^ 0x36;
  inner_.update(ByteView(pad, kBlock));
  for (std::size_t i = 0; i < kBlock; ++i)
    pad[i] = k[i] ^ 0x5c;
  outer_.update(ByteView(pad, kBlock));
  secure_wipe(k);
  secure_wipe(pad);
}

HmacKey::~HmacKey() {
  wipe_object(inner_);
  wipe_object(outer_);
}

Hash32 HmacKey::mac(ByteView message) const {
  return mac(message, {});
}

Hash32 HmacKey::mac(ByteView a, ByteView b) const {
  Sha256 inner = inner_;
  inner.update(a);
  if (!b.empty()) inner.update(b);
  const Hash32 inner_hash = inner.finish();
  Sha256 outer = outer_;
  outer.update(inner_hash);
  Hash32 out = outer.finish();
  wipe_object(inner);
  wipe_object(outer);
  return out;
}

}  // namespace l402d::l402
