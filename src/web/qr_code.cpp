#include "web/qr_code.hpp"

#include <qrencode.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace l402d::web {

namespace {

constexpr std::string_view kScheme = "lightning:";
constexpr int kQuietZone = 4;

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
char upper(char c) {
  return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}

bool starts_with_scheme(std::string_view text) {
  if (text.size() < kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (lower(text[i]) != kScheme[i]) return false;
  return true;
}

// Human-readable part "ln...", the separator '1', and bech32's alphabet: a
// BOLT11 invoice, checksum unchecked (the code shows what it was given).
bool looks_like_bolt11(std::string_view text) {
  if (text.size() < 8 || lower(text[0]) != 'l' || lower(text[1]) != 'n') return false;
  if (text.find('1') == std::string_view::npos) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string qr_payload(std::string_view text) {
  std::string_view invoice = starts_with_scheme(text) ? text.substr(kScheme.size()) : text;
  if (!looks_like_bolt11(invoice)) return std::string(text);
  std::string out = "LIGHTNING:";
  std::transform(invoice.begin(), invoice.end(), std::back_inserter(out), upper);
  return out;
}

std::optional<QrCode> encode_qr(std::string_view payload) {
  if (payload.empty() || payload.find('\0') != std::string_view::npos) return std::nullopt;
  const std::string text(payload);
  // Version 0: the smallest that fits. QR_MODE_8 with case sensitivity lets
  // libqrencode split the text into alphanumeric, numeric and byte runs.
  std::unique_ptr<QRcode, QrFree> raw(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!raw) return std::nullopt;
  QrCode code;
  code.version = raw->version;
  code.width = raw->width;
  const auto cells = static_cast<std::size_t>(raw->width) * static_cast<std::size_t>(raw->width);
  code.dark.resize(cells);
  // Bit 0 of each byte is the module's colour; the others are libqrencode's
  // bookkeeping (function patterns, masks).
  for (std::size_t i = 0; i < cells; ++i)
    code.dark[i] = (raw->data[i] & 1) != 0;
  return code;
}

std::string qr_svg(const QrCode& code) {
  const int size = code.width + 2 * kQuietZone;
  const std::string side = std::to_string(size);
  std::string svg =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
      side + " " + side + "\" width=\"" + std::to_string(size * 4) + "\" height=\"" +
      std::to_string(size * 4) +
      "\" shape-rendering=\"crispEdges\">"
      "<rect width=\"" +
      side + "\" height=\"" + side + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  // One horizontal run of dark modules per subpath keeps the file small
  // (an invoice's code is about 60 by 60 modules).
  for (int y = 0; y < code.width; ++y) {
    for (int x = 0; x < code.width;) {
      if (!code.at(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < code.width && code.at(x + run, y))
        ++run;
      svg += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h" +
             std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  svg += "\"/></svg>\n";
  return svg;
}

}  // namespace l402d::web
