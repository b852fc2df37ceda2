#pragma once

// QR codes for invoices, drawn as SVG on the server (libqrencode), so the web
// page needs no QR library of its own and any client can show one.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace l402d::web {

// GET /qr.svg refuses longer texts: a BOLT11 invoice with route hints stays
// well below it, and the largest QR code (version 40) cannot hold much more.
inline constexpr std::size_t kMaxQrText = 2000;

struct QrCode {
  int version = 0;         // 1..40; the symbol is 17 + 4 * version modules wide
  int width = 0;           // modules per side
  std::vector<bool> dark;  // row by row, width * width

  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * width + x)]; }
};

// What to put in the code for `text`: a BOLT11 invoice (any case, with or
// without "lightning:") becomes "LIGHTNING:" and the invoice in upper case,
// which QR's alphanumeric mode packs in 5.5 bits a character instead of 8
// (a smaller code, easier to scan) and which wallets accept (BIP 21, BOLT 11).
// Anything else is encoded as given.
std::string qr_payload(std::string_view text);

// The code with the smallest version that holds `payload` at error
// correction level M; nullopt for an empty text, one with a NUL byte, or one
// too long for any version.
std::optional<QrCode> encode_qr(std::string_view payload);

// A standalone SVG document: dark modules as one path on a white square with
// the 4-module quiet zone scanners need, one user unit per module.
std::string qr_svg(const QrCode& code);

}  // namespace l402d::web
