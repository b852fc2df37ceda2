#include "bolt11/amount.hpp"

#include <charconv>
#include <stdexcept>

namespace l402d::bolt11 {
namespace {

constexpr std::uint64_t kMsatPerBtc = 100'000'000'000ULL;

}  // namespace

std::optional<std::optional<std::uint64_t>> parse_amount(std::string_view text) {
  if (text.empty()) return std::optional<std::uint64_t>{};

  std::uint64_t multiplier = kMsatPerBtc;  // msat per unit; pico handled apart
  bool pico = false;
  switch (text.back()) {
    case 'm':
      multiplier = 100'000'000ULL;
      break;
    case 'u':
      multiplier = 100'000ULL;
      break;
    case 'n':
      multiplier = 100ULL;
      break;
    case 'p':
      pico = true;
      break;
    default:
      if (text.back() < '0' || text.back() > '9') return std::nullopt;
  }
  std::string_view digits = text;
  if (text.back() < '0' || text.back() > '9') digits.remove_suffix(1);
  if (digits.empty() || digits.front() == '0') return std::nullopt;  // also rejects "0"
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (pico) {
    // Parse without the last digit, which must be 0 (anything else is a fraction of a
    // millisatoshi), so that every 64-bit msat amount round-trips.
    if (digits.back() != '0') return std::nullopt;
    digits.remove_suffix(1);
    multiplier = 1;
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  if (value > UINT64_MAX / multiplier) return std::nullopt;
  return std::optional<std::uint64_t>{value * multiplier};
}

void append_amount(std::string& out, std::uint64_t msat) {
  if (msat == 0) throw std::invalid_argument("bolt11: amount must be positive");
  std::uint64_t value = msat;
  char suffix = '\0';
  if (msat % kMsatPerBtc == 0) {
    value = msat / kMsatPerBtc;
  } else if (msat % 100'000'000ULL == 0) {
    value = msat / 100'000'000ULL, suffix = 'm';
  } else if (msat % 100'000ULL == 0) {
    value = msat / 100'000ULL, suffix = 'u';
  } else if (msat % 100ULL == 0) {
    value = msat / 100ULL, suffix = 'n';
  } else {
    suffix = 'p';
  }
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, end);
  // msat * 10 can exceed 64 bits, so the pico form appends the trailing 0 as text.
  if (suffix == 'p') out.push_back('0');
  if (suffix != '\0') out.push_back(suffix);
}

}  // namespace l402d::bolt11
