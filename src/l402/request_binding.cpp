#include "l402/request_binding.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <vector>

#include "util/crypto.hpp"
#include "util/json_text.hpp"

namespace l402d::l402 {
namespace {

namespace json = boost::json;

// Larger canonical texts (big images) are freed after use, not kept per thread.
constexpr std::size_t kKeptBufferBytes = 256 * 1024;

void append_canonical(const json::value& v, std::string& out) {
  switch (v.kind()) {
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
