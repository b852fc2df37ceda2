// The low-level SHA256_* functions are used on purpose: a rune is the hash
// state itself after whole blocks, which the EVP interface does not expose.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "lnsim/cln_runes.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "util/base64.hpp"
#include "util/crypto.hpp"

namespace l402d::lnsim {

namespace json = boost::json;

namespace {

constexpr std::string_view kConditions = "!=/^$~<>{}#";

// ccan/rune's SHA-256 state: every piece is followed by a SHA-256 end marker,
// so the state always sits on a block boundary and can be continued.
class RuneHash {
 public:
  explicit RuneHash(ByteView secret) {
    SHA256_Init(&ctx_);
    add(secret);
  }
  void add(ByteView piece) {
    SHA256_Update(&ctx_, piece.data(), piece.size());
    bytes_ += piece.size();
    end_marker();
  }
  Hash32 state() const {
    Hash32 out{};
    for (std::size_t i = 0; i < 8; ++i) {
      const auto w = static_cast<std::uint32_t>(ctx_.h[i]);
      out[4 * i] = static_cast<std::uint8_t>(w >> 24);
      out[4 * i + 1] = static_cast<std::uint8_t>(w >> 16);
      out[4 * i + 2] = static_cast<std::uint8_t>(w >> 8);
      out[4 * i + 3] = static_cast<std::uint8_t>(w);
    }
    return out;
  }
  ~RuneHash() { OPENSSL_cleanse(&ctx_, sizeof ctx_); }

 private:
  void end_marker() {
    static const std::uint8_t pad[64] = {0x80};
    const std::uint64_t bits = bytes_ << 3;
    const std::size_t pad_len = 1 + ((128 - 8 - (bytes_ % 64) - 1) % 64);
    std::uint8_t size[8];
    for (int i = 0; i < 8; ++i)
      size[i] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
    SHA256_Update(&ctx_, pad, pad_len);
    SHA256_Update(&ctx_, size, sizeof size);
    bytes_ += pad_len + sizeof size;
  }
  SHA256_CTX ctx_{};
  std::uint64_t bytes_ = 0;
};

void append_alternative(std::string& out, const RuneAlternative& alt) {
  out += alt.field;
  out += alt.condition;
  for (const char c : alt.value) {
    if (c == '\\' || c == '|' || c == '&') out += '\\';
    out += c;
  }
}

std::string encode_restriction(const RuneRestriction& restriction) {
  std::string out;
  for (std::size_t i = 0; i < restriction.size(); ++i) {
    if (i != 0) out += '|';
    append_alternative(out, restriction[i]);
  }
  return out;
}

bool is_unique_id(const RuneRestriction& r) {
  return r.size() == 1 && r[0].field.empty();
}

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

struct FieldValue {
  std::optional<std::string> text;  // nullopt: missing
  std::optional<std::int64_t> integer;
};

// rune_alt_single: nullopt when the alternative passes, the complaint otherwise.
std::optional<std::string> test_alternative(const RuneAlternative& alt, const FieldValue& v) {
  const auto complain = [&](std::string_view what) {
    return alt.field + " " + std::string(what) + " " + alt.value;
  };
  const auto missing = [&] { return alt.field + " not present"; };
  const std::optional<std::string>& s = v.text;
  switch (alt.condition) {
    case '!':
      if (!s) return std::nullopt;
      return alt.field + " is present";
    case '=':
      if (!s) return missing();
      if (*s == alt.value) return std::nullopt;
      return complain("is not equal to");
    case '/':
      if (!s) return missing();
      if (*s != alt.value) return std::nullopt;
      return complain("is equal to");
    case '^':
      if (!s) return missing();
      if (s->starts_with(alt.value)) return std::nullopt;
      return complain("does not start with");
    case '$':
      if (!s) return missing();
      if (s->ends_with(alt.value)) return std::nullopt;
      return complain("does not end with");
    case '~':
      if (!s) return missing();
      if (s->find(alt.value) != std::string::npos) return std::nullopt;
      return complain("does not contain");
    case '<':
    case '>': {
      if (!s) return missing();
      if (!v.integer) return alt.field + " is not an integer field";
      const auto limit = to_int(alt.value);
      if (!limit) return alt.value + " is not a valid integer";
      if (alt.condition == '<' ? *v.integer < *limit : *v.integer > *limit) return std::nullopt;
      return complain(alt.condition == '<' ? "is greater or equal to" : "is less or equal to");
    }
    case '{':
      if (!s) return missing();
      if (*s < alt.value) return std::nullopt;
      return complain("is equal to or ordered after");
    case '}':
      if (!s) return missing();
      if (*s > alt.value) return std::nullopt;
      return complain("is equal to or ordered before");
    default:  // '#': a comment
      return std::nullopt;
  }
}

// lightningd's check_condition for a call over clnrest (no peer id).
FieldValue field_value(std::string_view field, std::string_view method,
                       const json::object& params) {
  FieldValue v;
  const auto set_int = [&v](std::int64_t i) {
    v.integer = i;
    v.text = std::to_string(i);
  };
  if (field == "time") {
    set_int(std::time(nullptr));
  } else if (field == "method") {
    v.text = std::string(method);
  } else if (field == "pnum") {
    set_int(static_cast<std::int64_t>(params.size()));
  } else if (field == "rate" || field == "per") {
    v.text = "";  // rate limits are not simulated: they always pass
  } else if (field.starts_with("pname")) {
    const std::string_view wanted = field.substr(5);
    for (const auto& [key, value] : params) {
      std::string stripped;
      for (const char c : key) {
        if (!std::ispunct(static_cast<unsigned char>(c))) stripped += c;
      }
      if (key != wanted && stripped != wanted) continue;
      if (value.is_int64()) {
        set_int(value.as_int64());
      } else if (value.is_uint64() && value.as_uint64() <= INT64_MAX) {
        set_int(static_cast<std::int64_t>(value.as_uint64()));
      } else if (value.is_string()) {
        v.text = std::string(value.as_string());
      } else {
        v.text = json::serialize(value);
      }
      break;
    }
  }
  return v;
}

std::string english(std::string err) {
  if (err.starts_with("pname")) return "parameter " + err.substr(5);
  if (err.starts_with("parr")) return "parameter #" + err.substr(4);
  if (err.starts_with("pnum")) return "number of parameters" + err.substr(4);
  if (err.starts_with("pinv")) return "invoice parameter " + err.substr(4);
  return err;
}

}  // namespace

std::string encode_restrictions(const std::vector<RuneRestriction>& restrictions) {
  std::string out;
  for (std::size_t i = 0; i < restrictions.size(); ++i) {
    if (i != 0) out += '&';
    out += encode_restriction(restrictions[i]);
  }
  return out;
}

std::optional<std::vector<RuneRestriction>> decode_restrictions(std::string_view text) {
  std::vector<RuneRestriction> out;
  std::size_t i = 0;
  while (i < text.size()) {
    RuneRestriction restriction;
    for (;;) {
      RuneAlternative alt;
      while (i < text.size() &&
             !(std::ispunct(static_cast<unsigned char>(text[i])) && text[i] != '_')) {
        alt.field += text[i++];
      }
      if (i >= text.size() || kConditions.find(text[i]) == std::string_view::npos) {
        return std::nullopt;
      }
      alt.condition = text[i++];
      bool more = false;
      while (i < text.size()) {
        char c = text[i++];
        if (c == '|') {
          more = true;
          break;
        }
        if (c == '&') break;
        if (c == '\\') {
          if (i >= text.size()) return std::nullopt;
          c = text[i++];
        }
        alt.value += c;
      }
      restriction.push_back(std::move(alt));
      if (!more) break;
    }
    out.push_back(std::move(restriction));
  }
  return out;
}

Hash32 rune_authcode(ByteView secret, const std::vector<RuneRestriction>& restrictions) {
  RuneHash hash(secret);
  for (const auto& r : restrictions)
    hash.add(as_bytes(encode_restriction(r)));
  return hash.state();
}

RuneMaster::RuneMaster(Bytes secret) : secret_(std::move(secret)) {
  if (secret_.size() + 1 + 8 > 64) throw std::invalid_argument("rune secret longer than 55 bytes");
}

RuneMaster::~RuneMaster() {
  secure_wipe(secret_);
}

std::string RuneMaster::create(std::uint64_t unique_id,
                               const std::vector<RuneRestriction>& restrictions) const {
  std::vector<RuneRestriction> all;
  all.push_back({RuneAlternative{"", '=', std::to_string(unique_id)}});
  all.insert(all.end(), restrictions.begin(), restrictions.end());
  const Hash32 code = rune_authcode(secret_, all);
  const std::string text = encode_restrictions(all);
  Bytes raw(code.begin(), code.end());
  raw.insert(raw.end(), text.begin(), text.end());
  std::string b64 = base64_encode(raw);
  for (char& c : b64) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return b64;
}

std::optional<RuneFailure> RuneMaster::check(std::string_view rune, std::string_view method,
                                             const json::object& params) const {
  const auto bad_param = [](std::string_view why) {
    return RuneFailure{-32602,
                       "rune: " + std::string(why) + ": invalid token (see logs for details)"};
  };
  if (rune.find_first_of("+/") != std::string_view::npos) {
    return bad_param("should be base64 string");
  }
  const auto raw = base64_decode(rune);
  if (!raw || raw->size() < 32 ||
      std::memchr(raw->data() + 32, '\0', raw->size() - 32) != nullptr) {
    return bad_param("should be base64 string");
  }
  const auto restrictions = decode_restrictions(as_chars(ByteView(*raw).subspan(32)));
  if (!restrictions) return bad_param("should be base64 string");
  for (std::size_t i = 0; i < restrictions->size(); ++i) {
    for (const auto& alt : (*restrictions)[i]) {
      // An empty field name marks the unique id: alone, first, "=".
      if (alt.field.empty() && (i != 0 || (*restrictions)[i].size() != 1 || alt.condition != '=')) {
        return bad_param("should be base64 string");
      }
    }
  }
  if (restrictions->empty() || !is_unique_id(restrictions->front()) ||
      !to_int(restrictions->front()[0].value)) {
    if (!restrictions->empty() && is_unique_id(restrictions->front()) &&
        restrictions->front()[0].value.find('-') != std::string::npos) {
      return RuneFailure{1501, "Not authorized: Version mismatch"};
    }
    return bad_param("should have valid numeric unique_id");
  }
  const Hash32 expected = rune_authcode(secret_, *restrictions);
  if (!constant_time_equal(expected, ByteView(*raw).first(32))) {
    return RuneFailure{1501, "Not authorized: Not derived from master"};
  }
  for (std::size_t i = 1; i < restrictions->size(); ++i) {
    std::string errors;
    bool passed = false;
    for (const auto& alt : (*restrictions)[i]) {
      auto err = test_alternative(alt, field_value(alt.field, method, params));
      if (!err) {
        passed = true;
        break;
      }
      if (!errors.empty()) errors += " AND ";
      errors += *err;
    }
    if (!passed) return RuneFailure{1502, "Not permitted: " + english(errors)};
  }
  return std::nullopt;
}

}  // namespace l402d::lnsim
