#include "lnsim/lnd_macaroons.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <utility>
#include <vector>

#include "l402/macaroon.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim {

namespace {

constexpr std::string_view kLocation = "lnd";
constexpr std::uint8_t kBakeryVersion3 = 3;
constexpr std::string_view kStorageId = "0";  // lnd's DefaultRootKeyID

using Ops = std::vector<std::pair<std::string, std::vector<std::string>>>;

const Ops& admin_ops() {
  static const Ops ops = {
      {"address", {"read", "write"}},   {"info", {"read", "write"}},
      {"invoices", {"read", "write"}},  {"macaroon", {"generate", "read", "write"}},
      {"message", {"read", "write"}},   {"offchain", {"read", "write"}},
      {"onchain", {"read", "write"}},   {"peers", {"read", "write"}},
      {"signer", {"generate", "read"}},
  };
  return ops;
}

const Ops& invoice_ops() {
  static const Ops ops = {
      {"address", {"read", "write"}},
      {"invoices", {"read", "write"}},
      {"onchain", {"read"}},
  };
  return ops;
}

void put_varint(Bytes& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}

void put_field(Bytes& out, unsigned field, ByteView data) {
  put_varint(out, (field << 3) | 2);
  put_varint(out, data.size());
  out.insert(out.end(), data.begin(), data.end());
}

Bytes identifier(const Ops& ops) {
  Bytes id{kBakeryVersion3};
  const auto nonce = random_array<16>();
  put_field(id, 1, nonce);
  put_field(id, 2, as_bytes(kStorageId));
  for (const auto& [entity, actions] : ops) {
    Bytes op;
    put_field(op, 1, as_bytes(entity));
    for (const auto& action : actions)
      put_field(op, 2, as_bytes(action));
    put_field(id, 3, op);
  }
  return id;
}

// A protobuf reader for the few shapes the id has: length-delimited fields.
class ProtoReader {
 public:
  explicit ProtoReader(ByteView data) : data_(data) {}
  bool done() const { return pos_ == data_.size(); }
  // The next length-delimited field; false at the end or on malformed input.
  bool next(unsigned& field, ByteView& value, bool& ok) {
    ok = true;
    if (done()) return false;
    std::uint64_t key = 0;
    std::uint64_t len = 0;
    if (!varint(key) || (key & 7) != 2 || !varint(len) || len > data_.size() - pos_) {
      ok = false;
      return false;
    }
    field = static_cast<unsigned>(key >> 3);
    value = data_.subspan(pos_, static_cast<std::size_t>(len));
    pos_ += static_cast<std::size_t>(len);
    return true;
  }

 private:
  bool varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && pos_ < data_.size(); shift += 7) {
      const std::uint8_t b = data_[pos_++];
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  ByteView data_;
  std::size_t pos_ = 0;
};

// Whether the id's ops grant `permission`; nullopt when the id is malformed.
// Read in place: this runs on every request.
std::optional<bool> grants(ByteView id, LndPermission permission) {
  if (id.empty() || id[0] != kBakeryVersion3) return std::nullopt;
  ProtoReader reader(id.subspan(1));
  unsigned field = 0;
  ByteView value;
  bool ok = true;
  bool granted = false;
  while (reader.next(field, value, ok)) {
    if (field != 3) continue;
    ProtoReader op(value);
    unsigned f = 0;
    ByteView v;
    bool op_ok = true;
    bool entity = false;
    bool action = false;
    while (op.next(f, v, op_ok)) {
      if (f == 1) entity = as_chars(v) == permission.entity;
      if (f == 2) action = action || as_chars(v) == permission.action;
    }
    if (!op_ok) return std::nullopt;
    granted = granted || (entity && action);
  }
  if (!ok) return std::nullopt;
  return granted;
}

// Go's encoding/hex errors, which lnd passes on.
std::optional<std::string> hex_error(std::string_view text) {
  for (const char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "encoding/hex: invalid byte: U+%04X '%c'",
                    static_cast<unsigned>(static_cast<unsigned char>(c)), c);
      return std::string(buf);
    }
  }
  if (text.size() % 2 != 0) return std::string("encoding/hex: odd length hex string");
  return std::nullopt;
}

// bakery's checkers for the first-party caveats lnd issues.
std::optional<std::string> caveat_error(std::string_view condition, std::string_view remote_ip) {
  const auto quoted = "caveat \"" + std::string(condition) + "\" not satisfied: ";
  const auto space = condition.find(' ');
  const std::string_view name = condition.substr(0, space);
  const std::string_view arg = space == std::string_view::npos ? "" : condition.substr(space + 1);
  if (name == "time-before") {
    // RFC 3339; comparing the text works for the UTC "Z" form lnd writes.
    if (arg.size() < 20 || std::string(arg.substr(0, 19)) <= iso_time(unix_now()).substr(0, 19)) {
      return quoted + "macaroon has expired";
    }
    return std::nullopt;
  }
  if (name == "ipaddr") {
    if (arg != remote_ip) return quoted + "macaroon locked to different IP address";
    return std::nullopt;
  }
  if (name == "lnd-custom") return std::nullopt;
  return quoted + "caveat not recognized";
}

}  // namespace

LndMacaroons::LndMacaroons() : root_key_(random_array<32>()) {
  admin_ = l402::Macaroon::create(root_key_, identifier(admin_ops()), kLocation).serialize();
  invoice_ = l402::Macaroon::create(root_key_, identifier(invoice_ops()), kLocation).serialize();
}

LndMacaroons::~LndMacaroons() {
  secure_wipe(root_key_);
  secure_wipe(admin_);
  secure_wipe(invoice_);
}

Bytes LndMacaroons::admin() const {
  return admin_;
}

Bytes LndMacaroons::invoice() const {
  return invoice_;
}

std::optional<std::string> LndMacaroons::check(std::optional<std::string_view> header,
                                               LndPermission permission,
                                               std::string_view remote_ip) const {
  if (!header) return std::string("expected 1 macaroon, got 0");
  if (auto err = hex_error(*header)) return err;
  auto bytes = from_hex(*header);
  if (!bytes) return std::string("encoding/hex: invalid byte");
  auto view = l402::parse_macaroon_view(*bytes);
  if (!view) return "unmarshal v2: " + view.error().message;
  const auto granted = grants(view->identifier, permission);
  if (!granted) return std::string("invalid ID");
  const Hash32 expected = l402::compute_signature(*view, l402::derive_macaroon_key(root_key_));
  if (!constant_time_equal(expected, view->signature)) {
    return std::string("verification failed: signature mismatch after caveat verification");
  }
  for (const auto& caveat : view->caveats) {
    if (caveat.third_party()) {
      return "verification failed: cannot find discharge macaroon for caveat " +
             to_hex(as_bytes(caveat.id));
    }
    if (auto err = caveat_error(caveat.id, remote_ip)) return "verification failed: " + *err;
  }
  if (*granted) return std::nullopt;
  return std::string("permission denied");
}

}  // namespace l402d::lnsim
