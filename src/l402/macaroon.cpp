#include "l402/macaroon.hpp"

#include <cstring>

#include "l402/hmac_key.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"

namespace l402d::l402 {
namespace {

enum Field : std::uint64_t {
  kEos = 0,
  kLocation = 1,
  kIdentifier = 2,
  kVerificationId = 4,
  kSignature = 6,
};

constexpr std::uint8_t kVersion2 = 0x02;
// go-macaroon rejects lengths and field types above this.
constexpr std::uint64_t kMaxVarint = 0x7fffffff;

const HmacKey& key_generator() {
  static const HmacKey key(as_bytes(kMacaroonKeyGenerator));
  return key;
}

MacaroonError fail(std::string message) {
  return MacaroonError{std::move(message)};
}

// Go's binary.Uvarint with its overflow rules, but minimal encodings only: Go
// also reads 0x80 0x00 as 0, so one token would have several byte forms (and a
// cache or log keyed by its bytes would see several tokens). Every encoder in
// use (go-macaroon, lsat-js, macaroons.js) writes the minimal form.
bool read_uvarint(ByteView& in, std::uint64_t& value) {
  std::uint64_t x = 0;
  unsigned shift = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const std::uint8_t b = in[i];
    if (i == 10) return false;
    if (b < 0x80) {
      if (i == 9 && b > 1) return false;
      if (i > 0 && b == 0) return false;  // a trailing zero group: not minimal
      value = x | (std::uint64_t{b} << shift);
      in = in.subspan(i + 1);
      return true;
    }
    x |= std::uint64_t{static_cast<std::uint8_t>(b & 0x7f)} << shift;
    shift += 7;
  }
  return false;
}

struct Packet {
  std::uint64_t type = kEos;
  ByteView data;
};

// One section is a run of packets closed by EOS, field types strictly increasing.
// Every section has at most three fields, so a fixed array suffices.
struct Section {
  Packet fields[4];
  std::size_t size = 0;
};

bool read_packet(ByteView& in, Packet& p, std::string& error) {
  if (!read_uvarint(in, p.type) || p.type > kMaxVarint) {
    error = "bad field type";
    return false;
  }
  if (p.type == kEos) return true;
  std::uint64_t len = 0;
  if (!read_uvarint(in, len) || len > kMaxVarint) {
    error = "bad field length";
    return false;
  }
  if (len > in.size()) {
    error = "field extends past the end of the data (truncated?)";
    return false;
  }
  p.data = in.first(static_cast<std::size_t>(len));
  in = in.subspan(static_cast<std::size_t>(len));
  return true;
}

bool read_section(ByteView& in, Section& s, std::string& error) {
  s.size = 0;
  std::uint64_t previous = 0;
  for (;;) {
    if (in.empty()) {
      error = "section extends past the end of the data (truncated?)";
      return false;
    }
    Packet p;
    if (!read_packet(in, p, error)) return false;
    if (p.type == kEos) return true;
    if (s.size > 0 && p.type <= previous) {
      error = "fields out of order";
      return false;
    }
    if (s.size == std::size(s.fields)) {
      error = "too many fields in a section";
      return false;
    }
    previous = p.type;
    s.fields[s.size++] = p;
  }
}

void append_uvarint(Bytes& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}

void append_field(Bytes& out, Field type, ByteView data) {
  append_uvarint(out, type);
  append_uvarint(out, data.size());
  out.insert(out.end(), data.begin(), data.end());
}

}  // namespace

Hash32 derive_macaroon_key(ByteView root_key) {
  return key_generator().mac(root_key);
}

Hash32 chain_first_party(const Hash32& signature, ByteView caveat_id) {
  return hmac_sha256(signature, caveat_id);
}

Hash32 chain_third_party(const Hash32& signature, ByteView verification_id, ByteView caveat_id) {
  std::uint8_t both[64];
  const Hash32 a = hmac_sha256(signature, verification_id);
  const Hash32 b = hmac_sha256(signature, caveat_id);
  std::memcpy(both, a.data(), 32);
  std::memcpy(both + 32, b.data(), 32);
  return hmac_sha256(signature, ByteView(both, sizeof both));
}

Expected<MacaroonView, MacaroonError> parse_macaroon_view(ByteView data) {
  if (data.empty()) return unexpected(fail("empty macaroon"));
  const std::uint8_t version = data[0];
  if (version != kVersion2) {
    const bool hex_digit = (version >= '0' && version <= '9') ||
                           (version >= 'a' && version <= 'f') || (version >= 'A' && version <= 'F');
    if (hex_digit) return unexpected(fail("macaroon V1 format is not supported; send V2 binary"));
    if (version == '{') return unexpected(fail("JSON macaroons are not supported; send V2 binary"));
    return unexpected(fail("unknown macaroon format version; expected V2 binary (0x02)"));
  }
  ByteView in = data.subspan(1);
  std::string error;
  Section s;
  if (!read_section(in, s, error)) return unexpected(fail("macaroon header: " + error));

  MacaroonView view;
  std::size_t i = 0;
  if (s.size > 0 && s.fields[0].type == kLocation) {
    view.location = as_chars(s.fields[0].data);
    i = 1;
  }
  if (s.size != i + 1 || s.fields[i].type != kIdentifier) {
    return unexpected(fail("invalid macaroon header"));
  }
  view.identifier = s.fields[i].data;

  for (;;) {
    if (!read_section(in, s, error)) return unexpected(fail("macaroon caveat: " + error));
    if (s.size == 0) break;
    CaveatView cav;
    i = 0;
    if (s.fields[0].type == kLocation) {
      cav.location = as_chars(s.fields[0].data);
      i = 1;
    }
    if (i >= s.size || s.fields[i].type != kIdentifier) {
      return unexpected(fail("caveat without an identifier"));
    }
    cav.id = as_chars(s.fields[i].data);
    ++i;
    if (i == s.size) {
      if (s.fields[0].type == kLocation) {
        return unexpected(fail("location not allowed in a first-party caveat"));
      }
    } else if (i + 1 != s.size || s.fields[i].type != kVerificationId) {
      return unexpected(fail("invalid field in caveat"));
    } else {
      cav.verification_id = s.fields[i].data;
      // An empty vid would make the caveat indistinguishable from a first-party
      // one after re-serialisation, so the chain would change meaning.
      if (cav.verification_id.empty()) return unexpected(fail("empty verification id"));
    }
    view.caveats.push_back(cav);
  }

  Packet sig;
  if (in.empty()) return unexpected(fail("missing signature (truncated?)"));
  if (!read_packet(in, sig, error)) return unexpected(fail("macaroon signature: " + error));
  if (sig.type != kSignature) return unexpected(fail("signature field expected"));
  if (sig.data.size() != view.signature.size()) {
    return unexpected(fail("signature must be 32 bytes"));
  }
  std::memcpy(view.signature.data(), sig.data.data(), sig.data.size());
  if (!in.empty()) return unexpected(fail("trailing bytes after the macaroon signature"));
  return view;
}

Hash32 compute_signature(const MacaroonView& view, const Hash32& derived_key) {
  Hash32 sig = hmac_sha256(derived_key, view.identifier);
  for (const CaveatView& c : view.caveats) {
    sig = c.third_party() ? chain_third_party(sig, c.verification_id, as_bytes(c.id))
                          : chain_first_party(sig, as_bytes(c.id));
  }
  return sig;
}

Macaroon Macaroon::create(ByteView root_key, ByteView identifier, std::string_view location) {
  Hash32 derived = derive_macaroon_key(root_key);
  Macaroon m = create_with_derived_key(derived, identifier, location);
  secure_wipe(derived);
  return m;
}

Macaroon Macaroon::create_with_derived_key(const Hash32& derived_key, ByteView identifier,
                                           std::string_view location) {
  Macaroon m;
  m.location_ = location;
  m.identifier_.assign(identifier.begin(), identifier.end());
  m.signature_ = hmac_sha256(derived_key, identifier);
  return m;
}

Expected<Macaroon, MacaroonError> Macaroon::parse(ByteView data) {
  auto view = parse_macaroon_view(data);
  if (!view) return unexpected(view.error());
  return from_view(*view);
}

Expected<Macaroon, MacaroonError> Macaroon::parse_base64(std::string_view text) {
  const auto bytes = base64_decode(text);
  if (!bytes) return unexpected(fail("macaroon is not valid base64"));
  return parse(*bytes);
}

Macaroon Macaroon::from_view(const MacaroonView& view) {
  Macaroon m;
  m.location_ = view.location;
  m.identifier_.assign(view.identifier.begin(), view.identifier.end());
  m.caveats_.reserve(view.caveats.size());
  for (const CaveatView& c : view.caveats) {
    m.caveats_.push_back(Caveat{std::string(c.id),
                                Bytes(c.verification_id.begin(), c.verification_id.end()),
                                std::string(c.location)});
  }
  m.signature_ = view.signature;
  return m;
}

Bytes Macaroon::serialize() const {
  Bytes out;
  out.reserve(8 + location_.size() + identifier_.size() + 40 + caveats_.size() * 48);
  out.push_back(kVersion2);
  if (!location_.empty()) append_field(out, kLocation, as_bytes(location_));
  append_field(out, kIdentifier, identifier_);
  out.push_back(kEos);
  for (const Caveat& c : caveats_) {
    if (!c.location.empty()) append_field(out, kLocation, as_bytes(c.location));
    append_field(out, kIdentifier, as_bytes(c.id));
    if (!c.verification_id.empty()) append_field(out, kVerificationId, c.verification_id);
    out.push_back(kEos);
  }
  out.push_back(kEos);
  append_field(out, kSignature, signature_);
  return out;
}

std::string Macaroon::to_base64() const {
  return base64_encode(serialize());
}

void Macaroon::add_first_party_caveat(std::string_view condition) {
  signature_ = chain_first_party(signature_, as_bytes(condition));
  caveats_.push_back(Caveat{std::string(condition), {}, {}});
}

void Macaroon::add_third_party_caveat(std::string_view caveat_id, ByteView verification_id,
                                      std::string_view location) {
  signature_ = chain_third_party(signature_, verification_id, as_bytes(caveat_id));
  caveats_.push_back(Caveat{std::string(caveat_id),
                            Bytes(verification_id.begin(), verification_id.end()),
                            std::string(location)});
}

bool Macaroon::signature_matches(ByteView root_key) const {
  Hash32 derived = derive_macaroon_key(root_key);
  Hash32 sig = hmac_sha256(derived, identifier_);
  for (const Caveat& c : caveats_) {
    sig = c.third_party() ? chain_third_party(sig, c.verification_id, as_bytes(c.id))
                          : chain_first_party(sig, as_bytes(c.id));
  }
  const bool ok = constant_time_equal(sig, signature_);
  secure_wipe(derived);
  return ok;
}

}  // namespace l402d::l402
