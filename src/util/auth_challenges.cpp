#include "util/auth_challenges.hpp"

#include <boost/beast/core/string.hpp>

#include "util/text.hpp"

namespace l402d {
namespace {

bool is_token68_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-._~+/").find(c) != std::string_view::npos;
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  std::size_t pos() const { return i_; }
  void seek(std::size_t i) { i_ = i; }
  void skip_spaces() {
    while (!done() && (s_[i_] == ' ' || s_[i_] == '\t'))
      ++i_;
  }
  void skip_separators() {
    while (!done() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == ','))
      ++i_;
  }
  std::string token() {
    const auto start = i_;
    while (!done() && is_tchar(s_[i_]))
      ++i_;
    return std::string(s_.substr(start, i_ - start));
  }
  // A quoted-string, the cursor on its opening quote. nullopt when unterminated.
  std::optional<std::string> quoted() {
    std::string out;
    for (++i_; !done(); ++i_) {
      if (s_[i_] == '"') {
        ++i_;
        return out;
      }
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
      out += s_[i_];
    }
    return std::nullopt;
  }
  // token68 when the text from here is one (then consumed); otherwise nothing moves.
  std::optional<std::string> token68() {
    auto j = i_;
    while (j < s_.size() && is_token68_char(s_[j]))
      ++j;
    if (j == i_) return std::nullopt;
    while (j < s_.size() && s_[j] == '=')
      ++j;
    auto k = j;
    while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t'))
      ++k;
    if (k < s_.size() && s_[k] != ',') return std::nullopt;
    auto out = std::string(s_.substr(i_, j - i_));
    i_ = k;
    return out;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// One `name = value`; false (cursor restored) when the text is not a parameter.
bool read_param(Cursor& c, AuthChallenge& into) {
  const auto start = c.pos();
  auto name = c.token();
  c.skip_spaces();
  if (name.empty() || c.peek() != '=') {
    c.seek(start);
    return false;
  }
  c.seek(c.pos() + 1);
  c.skip_spaces();
  std::optional<std::string> value;
  if (c.peek() == '"') {
    value = c.quoted();
  } else {
    value = c.token();
    if (value->empty()) value.reset();  // `abc=` is token68 padding, not a parameter
  }
  if (!value) {
    c.seek(start);
    return false;
  }
  into.params.emplace_back(lower(std::move(name)), std::move(*value));
  return true;
}

void read_params(Cursor& c, AuthChallenge& into) {
  while (read_param(c, into)) {
    c.skip_spaces();
    if (c.peek() != ',') return;
    const auto after_comma = c.pos();
    c.skip_separators();
    // A token followed by '=' continues this challenge; anything else is the next one.
    const auto next = c.pos();
    auto name = c.token();
    c.skip_spaces();
    bool param = !name.empty() && c.peek() == '=';
    if (param) {  // `x==` or `x=` at a separator is token68, not a parameter
      c.seek(c.pos() + 1);
      c.skip_spaces();
      param = !c.done() && c.peek() != '=' && c.peek() != ',';
    }
    c.seek(param ? next : after_comma);
    if (!param) return;
  }
}

}  // namespace

bool AuthChallenge::is(std::string_view scheme_name) const {
  return boost::beast::iequals(scheme, scheme_name);
}

std::optional<std::string> AuthChallenge::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return std::nullopt;
}

std::vector<AuthChallenge> parse_auth_challenges(std::string_view value) {
  std::vector<AuthChallenge> out;
  Cursor c(value);
  for (;;) {
    c.skip_separators();
    if (c.done()) break;
    AuthChallenge challenge;
    challenge.scheme = c.token();
    if (challenge.scheme.empty()) break;
    c.skip_spaces();
    if (!c.done() && c.peek() != ',') {
      const auto start = c.pos();
      read_params(c, challenge);
      if (challenge.params.empty()) {
        c.seek(start);
        if (auto t = c.token68()) challenge.token68 = std::move(*t);
      }
    }
    out.push_back(std::move(challenge));
    const auto before = c.pos();
    c.skip_spaces();
    if (!c.done() && c.peek() != ',') break;  // unparseable tail
    if (c.pos() == before && c.done()) break;
  }
  return out;
}

}  // namespace l402d
