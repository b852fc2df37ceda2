#include "http/message_framing.hpp"

#include <boost/beast/core/string.hpp>
#include <string_view>
#include <vector>

namespace l402d::http {
namespace {

namespace beast = boost::beast;
using Field = beast::http::field;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// Every coding named by every Transfer-Encoding line, in order; empty
// members of a list ("chunked,,") are allowed by RFC 9110's list rule.
std::vector<std::string_view> codings_of(
    const beast::http::request_header<beast::http::fields>& head) {
  std::vector<std::string_view> codings;
  const auto [first, last] = head.equal_range(Field::transfer_encoding);
  for (auto field = first; field != last; ++field) {
    std::string_view list(field->value().data(), field->value().size());
    while (!list.empty()) {
      const auto comma = list.find(',');
      const auto item = trimmed(list.substr(0, comma));
      if (!item.empty()) codings.push_back(item);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return codings;
}

FramingError bad(std::string message) {
  return {Status::bad_request, "bad_request", std::move(message)};
}

}  // namespace

std::optional<FramingError> framing_error(
    const beast::http::request_header<beast::http::fields>& head) {
  if (head.find(Field::transfer_encoding) == head.end()) return std::nullopt;
  if (head.version() < 11) return bad("HTTP/1.0 requests cannot use Transfer-Encoding.");
  if (head.find(Field::content_length) != head.end()) {
    return bad("A request may not carry both Transfer-Encoding and Content-Length.");
  }
  const auto codings = codings_of(head);
  if (codings.empty() || !beast::iequals(codings.back(), "chunked")) {
    return bad(
        "Transfer-Encoding must end with chunked; send the body chunked or with "
        "Content-Length.");
  }
  for (std::size_t i = 0; i + 1 < codings.size(); ++i) {
    if (beast::iequals(codings[i], "chunked")) {
      return bad("Transfer-Encoding names chunked more than once.");
    }
  }
  if (codings.size() > 1) {
    return FramingError{Status::not_implemented, "transfer_coding_unsupported",
                        "Only the chunked transfer coding is supported; send the body "
                        "without other transfer codings."};
  }
  return std::nullopt;
}

}  // namespace l402d::http
