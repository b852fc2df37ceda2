#include "nostr/event_serialization.hpp"

#include <charconv>

#include "util/crypto.hpp"

namespace l402d::nostr {
namespace {

template <class Int>
void append_integer(std::string& out, Int value) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out.append(buf, end);
}

}  // namespace

void append_nip01_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\n':
        out.append("\\n");
        break;
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:
        if (c < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0x0f]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

std::string serialize_for_id(const PublicKey& pubkey, std::int64_t created_at, std::uint16_t kind,
                             const Tags& tags, std::string_view content) {
  std::string out;
  out.reserve(64 + 100 + content.size());
  out.append("[0,\"");
  out.append(pubkey.hex());
  out.append("\",");
  append_integer(out, created_at);
  out.push_back(',');
  append_integer(out, kind);
  out.append(",[");
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i != 0) out.push_back(',');
    out.push_back('[');
    for (std::size_t j = 0; j < tags[i].size(); ++j) {
      if (j != 0) out.push_back(',');
      append_nip01_string(out, tags[i][j]);
    }
    out.push_back(']');
  }
  out.append("],");
  append_nip01_string(out, content);
  out.push_back(']');
  return out;
}

EventId compute_event_id(const PublicKey& pubkey, std::int64_t created_at, std::uint16_t kind,
                         const Tags& tags, std::string_view content) {
  return sha256(serialize_for_id(pubkey, created_at, kind, tags, content));
}

}  // namespace l402d::nostr
