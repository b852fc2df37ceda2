#include "lightning/backend.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace l402d::lightning {

namespace {

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t n = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    n = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    n = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    n = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  }
  return n;
}

}  // namespace

std::string log_line_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c);
      ++i;
    } else if (const std::size_t n = utf8_sequence(text, i); n > 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += '?';
      ++i;
    }
  }
  return out;
}

std::string_view to_string(BackendErrorCode c) {
  switch (c) {
    case BackendErrorCode::unavailable:
      return "unavailable";
    case BackendErrorCode::rejected:
      return "rejected";
    case BackendErrorCode::timeout:
      return "timeout";
    case BackendErrorCode::unauthorized:
      return "unauthorized";
    case BackendErrorCode::wrong_network:
      return "wrong_network";
  }
  return "unknown";
}

boost::asio::awaitable<std::optional<InvoiceStatus>> Backend::async_wait_invoice(
    Hash32 payment_hash, std::chrono::milliseconds timeout) {
  // A remote node is asked at most four times a second per waiter: often enough
  // for a person watching a QR code, rare enough not to load the node.
  constexpr std::chrono::milliseconds kPoll(250);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  for (;;) {
    auto status = co_await async_lookup_invoice(payment_hash);
    if (!status || status->state != InvoiceState::open) co_return status;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) co_return status;
    timer.expires_after(std::min<std::chrono::steady_clock::duration>(deadline - now, kPoll));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
}

}  // namespace l402d::lightning
