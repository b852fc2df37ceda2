#include "client/sats_text.hpp"

namespace l402d::client {

std::string sats_text(std::uint64_t msat) {
  std::string out = std::to_string(msat / 1000);
  if (auto rest = msat % 1000) {
    std::string frac = std::to_string(1000 + rest).substr(1);
    while (frac.back() == '0')
      frac.pop_back();
    out += "." + frac;
  }
  return out;
}

}  // namespace l402d::client
