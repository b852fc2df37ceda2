#include "lightning/invoice_network.hpp"

#include <array>
#include <cctype>
#include <string>

#include "bolt11/codec.hpp"
#include "bolt11/network_name.hpp"
#include "lightning/backend.hpp"

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

void require_invoice_network(std::string_view bolt11, std::optional<bolt11::Network> expected,
                             std::string_view node) {
  if (!expected) return;
  const auto made = invoice_network(bolt11);
  if (!made) {
    throw BackendError(BackendErrorCode::unavailable,
                       std::string(node) + " answered with an invoice for no known network");
  }
  if (*made == *expected) return;
  throw BackendError(BackendErrorCode::wrong_network,
                     std::string(node) + " made a " + std::string(bolt11::network_name(*made)) +
                         " invoice but lightning.network says " +
                         std::string(bolt11::network_name(*expected)) +
                         "; not handing it out. Point l402d at the right node or correct "
                         "lightning.network.");
}

}  // namespace l402d::lightning
