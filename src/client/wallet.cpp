#include "client/wallet.hpp"

#include <array>
#include <string_view>

#include "client/cln_wallet.hpp"
#include "client/dev_wallet.hpp"
#include "client/lnbits_wallet.hpp"
#include "client/lnd_wallet.hpp"
#include "client/nwc_wallet.hpp"
#include "client/phoenixd_wallet.hpp"
#include "client/wallet_settings.hpp"

namespace l402d::client {
namespace {

using Factory = std::unique_ptr<Wallet> (*)(const WalletSettingsReader&, const WalletContext&);

struct Backend {
  std::string_view name;
  Factory make;
};

constexpr std::array<Backend, 5> kBackends = {{{"lnd", make_lnd_wallet},
                                               {"cln", make_cln_wallet},
                                               {"lnbits", make_lnbits_wallet},
                                               {"phoenixd", make_phoenixd_wallet},
                                               {"nwc", make_nwc_wallet}}};

}  // namespace

std::string wallet_names() {
  std::string out = "dev";
  for (const auto& b : kBackends)
    out += ", " + std::string(b.name);
  return out;
}

std::unique_ptr<Wallet> make_wallet(const std::string& name, const Config& config,
                                    const WalletContext& context) {
  if (name == "dev") {
    (void)config;  // the dev wallet needs no settings: it pays the server's own node
    return std::make_unique<DevWallet>(context.server_origin, context.transport);
  }
  for (const auto& b : kBackends) {
    if (name == b.name) {
      return b.make(WalletSettingsReader(name, config, context.environment), context);
    }
  }
  throw WalletError("unknown wallet '" + name + "' (known: " + wallet_names() + ")");
}

}  // namespace l402d::client
