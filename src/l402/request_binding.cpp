#include "l402/request_binding.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <vector>

#include "util/crypto.hpp"
#include "util/json_text.hpp"

namespace l402d::l402 {
namespace {

namespace json = boost::json;

// Larger canonical texts (big images) are freed after use, not kept per thread.
constexpr std::size_t kKeptBufferBytes = 256 * 1024;

// A double as text that parses back to the same double and so to the same
// text (canonical twice is canonical once), and is always JSON. Boost.JSON
// reads out-of-range numbers such as 5e432 as infinity and 0E4000 as NaN (0
// times infinity); its own serialiser writes those as words JSON lacks, and a
// long integer's text did not survive a second round. Shortest round-trip
// digits, an exponent added where none is, so 30.0 stays apart from 30.
void append_canonical_double(double d, std::string& out) {
  if (std::isnan(d)) {
    out += "0e0";  // what 0E4000 means
    return;
  }
  if (std::isinf(d)) {
    out += d > 0 ? "1e999" : "-1e999";  // parses back to the same infinity
    return;
  }
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  const std::string_view text(buf, static_cast<std::size_t>(end - buf));
  out += text;
  if (text.find_first_of(".e") == std::string_view::npos) out += "e0";
}

void append_canonical(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::double_:
      append_canonical_double(v.get_double(), out);
      return;
    case json::kind::object: {
      const json::object& obj = v.get_object();
      std::vector<const json::key_value_pair*> members;
      members.reserve(obj.size());
      for (const auto& kv : obj)
        members.push_back(&kv);
      std::sort(members.begin(), members.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out.push_back('{');
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i) out.push_back(',');
        append_json_string(out, members[i]->key());
        out.push_back(':');
        append_canonical(members[i]->value(), out);
      }
      out.push_back('}');
      return;
    }
    case json::kind::array: {
      const json::array& arr = v.get_array();
      out.push_back('[');
      for (std::size_t i = 0; i < arr.size(); ++i) {
        if (i) out.push_back(',');
        append_canonical(arr[i], out);
      }
      out.push_back(']');
      return;
    }
    default:
      append_json(out, v);
      return;
  }
}

void put_len(Sha256& h, std::uint64_t n, int bytes) {
  std::uint8_t b[8];
  for (int i = 0; i < bytes; ++i)
    b[i] = static_cast<std::uint8_t>(n >> (8 * (bytes - 1 - i)));
  h.update(ByteView(b, static_cast<std::size_t>(bytes)));
}

}  // namespace

std::optional<std::string> canonical_json(std::string_view body) {
  boost::system::error_code ec;
  // parse() with an error code reports malformed input without throwing.
  const json::value v = json::parse(json::string_view(body.data(), body.size()), ec);
  if (ec) return std::nullopt;
  std::string out;
  out.reserve(body.size());
  append_canonical(v, out);
  return out;
}

namespace {

Hash32 hash_of(std::string_view method, std::string_view path, std::uint8_t kind,
               std::string_view hashed) {
  std::string upper(method);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  Sha256 h;
  h.update(kRequestBindingDomain);
  put_len(h, upper.size(), 4);
  h.update(upper);
  put_len(h, path.size(), 4);
  h.update(path);
  h.update(ByteView(&kind, 1));
  put_len(h, hashed.size(), 8);
  h.update(hashed);
  return h.finish();
}

}  // namespace

Hash32 request_hash(std::string_view method, std::string_view path, std::string_view body) {
  const std::optional<std::string> canonical = canonical_json(body);
  if (!canonical) return hash_of(method, path, 0x00, body);
  return hash_of(method, path, 0x01, *canonical);
}

Hash32 request_hash_of_parsed(std::string_view method, std::string_view path,
                              const boost::json::value& parsed_body) {
  // Every challenge and redemption hashes its body: the text is built in a
  // buffer each thread keeps, rather than in a new string of the body's size.
  thread_local std::string canonical;
  canonical.clear();
  append_canonical(parsed_body, canonical);
  const Hash32 hash = hash_of(method, path, 0x01, canonical);
  if (canonical.capacity() > kKeptBufferBytes) std::string().swap(canonical);
  return hash;
}

}  // namespace l402d::l402
