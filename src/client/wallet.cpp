#include "client/wallet.hpp"

#include <array>
#include <string_view>

#include "client/dev_wallet.hpp"

namespace l402d::client {
namespace {

// Planned backends: named now so configs written for them fail with a clear
// message rather than "unknown wallet".
constexpr std::array<std::string_view, 5> kPlanned = {"lnd", "cln", "lnbits", "phoenixd", "nwc"};

}  // namespace

std::string wallet_names() {
  std::string out = "dev";
  for (auto n : kPlanned)
    out += ", " + std::string(n);
  return out;
}

std::unique_ptr<Wallet> make_wallet(const std::string& name, const Config& config,
                                    const WalletContext& context) {
  if (name == "dev") {
    (void)config;  // the dev wallet needs no settings: it pays the server's own node
    return std::make_unique<DevWallet>(context.server_origin, context.transport);
  }
  for (auto n : kPlanned) {
    if (name == n) {
      throw WalletError("wallet '" + name +
                        "' is not yet supported; use --wallet dev against an l402d development "
                        "server");
    }
  }
  throw WalletError("unknown wallet '" + name + "' (known: " + wallet_names() + ")");
}

}  // namespace l402d::client
