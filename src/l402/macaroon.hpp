#pragma once

// Macaroons in go-macaroon v2.1.0's V2 binary format, the only format Aperture
// emits and the only one L402's binary identifiers fit (V1 requires UTF-8 ids).

#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::l402 {

inline constexpr std::string_view kMacaroonKeyGenerator = "macaroons-key-generator";

// go-macaroon (like libmacaroons) never signs with the root key itself but with
// HMAC-SHA256(key = "macaroons-key-generator", message = root_key).
Hash32 derive_macaroon_key(ByteView root_key);

// One step of the chain for a first-party caveat: HMAC(sig, caveat_id).
Hash32 chain_first_party(const Hash32& signature, ByteView caveat_id);
// One step for a third-party caveat: HMAC(sig, HMAC(sig, vid) ‖ HMAC(sig, cid)).
Hash32 chain_third_party(const Hash32& signature, ByteView verification_id, ByteView caveat_id);

struct MacaroonError {
  std::string message;
};

// A caveat that borrows from the buffer it was parsed from.
struct CaveatView {
  std::string_view id;        // the condition text for first-party caveats
  ByteView verification_id;   // empty for first-party caveats
  std::string_view location;  // only third-party caveats carry one
  bool third_party() const { return !verification_id.empty(); }
};

// A parsed macaroon that borrows from its input: the verify path parses every
// request's credential, so it avoids copying each field.
struct MacaroonView {
  std::string_view location;
  ByteView identifier;
  std::vector<CaveatView> caveats;
  Hash32 signature{};
};

// Parses exactly one V2 macaroon occupying all of `data`. Rejects V1, JSON,
// unknown versions, out-of-order or unknown fields, truncation and trailing bytes.
Expected<MacaroonView, MacaroonError> parse_macaroon_view(ByteView data);

struct Caveat {
  std::string id;
  Bytes verification_id;
  std::string location;
  bool third_party() const { return !verification_id.empty(); }
  bool operator==(const Caveat&) const = default;
};

class Macaroon {
 public:
  // A fresh macaroon signed with go-macaroon's derivation of `root_key`.
  static Macaroon create(ByteView root_key, ByteView identifier, std::string_view location);
  // The same when the caller already holds derive_macaroon_key(root_key).
  static Macaroon create_with_derived_key(const Hash32& derived_key, ByteView identifier,
                                          std::string_view location);

  static Expected<Macaroon, MacaroonError> parse(ByteView data);
  // Standard or URL-safe base64, padded or not (go-macaroon's Base64Decode).
  static Expected<Macaroon, MacaroonError> parse_base64(std::string_view text);
  static Macaroon from_view(const MacaroonView& view);

  Bytes serialize() const;
  std::string to_base64() const;  // standard alphabet, padded: what Aperture emits

  // Attenuation needs no key: each caveat is chained onto the current signature.
  void add_first_party_caveat(std::string_view condition);
  // Appends a third-party caveat whose verification id was computed elsewhere.
  // l402d never verifies these; this exists for interop tests and tooling.
  void add_third_party_caveat(std::string_view caveat_id, ByteView verification_id,
                              std::string_view location);

  const std::string& location() const { return location_; }
  void set_location(std::string_view location) { location_ = location; }  // not signed
  const Bytes& identifier() const { return identifier_; }
  const std::vector<Caveat>& caveats() const { return caveats_; }
  const Hash32& signature() const { return signature_; }

  // Recomputes the chain from `root_key` (first- and third-party steps) and
  // compares in constant time. Caveat conditions are not evaluated here.
  bool signature_matches(ByteView root_key) const;

  bool operator==(const Macaroon&) const = default;

 private:
  std::string location_;
  Bytes identifier_;
  std::vector<Caveat> caveats_;
  Hash32 signature_{};
};

// The chain over a parsed view, starting from an already derived key.
Hash32 compute_signature(const MacaroonView& view, const Hash32& derived_key);

}  // namespace l402d::l402
