#include "l402/identifier.hpp"

#include <algorithm>

#include "util/crypto.hpp"

namespace l402d::l402 {

IdentifierBytes Identifier::encode() const {
  IdentifierBytes out{};
  out[0] = static_cast<std::uint8_t>(version >> 8);
  out[1] = static_cast<std::uint8_t>(version & 0xff);
  std::copy(payment_hash.begin(), payment_hash.end(), out.begin() + 2);
  std::copy(token_id.begin(), token_id.end(), out.begin() + 34);
  return out;
}

Hash32 Identifier::hash() const {
  return sha256(encode());
}

Expected<Identifier, IdentifierError> decode_identifier(ByteView data) {
  // The version is read first so that a future, longer format reports
  // "unknown version" rather than "wrong size".
  if (data.size() < 2) return unexpected(IdentifierError::wrong_size);
  Identifier id;
  id.version = static_cast<std::uint16_t>((data[0] << 8) | data[1]);
  if (id.version != kIdentifierVersion) return unexpected(IdentifierError::unknown_version);
  if (data.size() != kIdentifierSize) return unexpected(IdentifierError::wrong_size);
  std::copy_n(data.begin() + 2, 32, id.payment_hash.begin());
  std::copy_n(data.begin() + 34, 32, id.token_id.begin());
  return id;
}

}  // namespace l402d::l402
