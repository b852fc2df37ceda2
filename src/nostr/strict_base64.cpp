#include "nostr/strict_base64.hpp"

#include "util/base64.hpp"

namespace l402d::nostr {
namespace {

bool in_alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

}  // namespace

std::optional<Bytes> strict_base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t body = text.size();
  if (body != 0 && text[body - 1] == '=') --body;
  if (body != 0 && text[body - 1] == '=' && body + 1 == text.size()) --body;
  for (std::size_t i = 0; i < body; ++i) {
    if (!in_alphabet(text[i])) return std::nullopt;
  }
  return base64_decode(text);
}

}  // namespace l402d::nostr
