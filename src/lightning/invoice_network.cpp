#include "lightning/invoice_network.hpp"

#include <array>
#include <cctype>
#include <string>

#include "bolt11/codec.hpp"

namespace l402d::lightning {

std::optional<bolt11::Network> invoice_network(std::string_view bolt11) {
  // The human-readable part ends at the last '1'; after the prefix come only
  // the amount's digits and multiplier, so "lntbs" is signet and never
  // testnet with an "s", and "lnbcrt" never mainnet.
  const auto separator = bolt11.rfind('1');
  if (separator == std::string_view::npos) return std::nullopt;
  std::string hrp(bolt11.substr(0, separator));
  for (auto& c : hrp)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  constexpr std::array kNetworks = {bolt11::Network::mainnet, bolt11::Network::testnet,
                                    bolt11::Network::signet, bolt11::Network::regtest};
  for (auto network : kNetworks) {
    const auto prefix = bolt11::hrp_prefix(network);
    if (!hrp.starts_with(prefix)) continue;
    const auto rest = std::string_view(hrp).substr(prefix.size());
    if (rest.empty() || std::isdigit(static_cast<unsigned char>(rest.front()))) return network;
  }
  return std::nullopt;
}

}  // namespace l402d::lightning
