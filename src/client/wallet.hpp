#pragma once

// Where payments come from. Every wallet (the builtin dev node's /dev/pay now;
// LND, Core Lightning, LNbits, Phoenixd and NWC later) sits behind this one
// interface and is chosen by name.

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "bolt11/invoice.hpp"
#include "client/config.hpp"
#include "client/transport.hpp"
#include "util/bytes.hpp"

namespace l402d::client {

struct PayResult {
  enum class Status {
    succeeded,  // preimage is set and sha256(preimage) == payment hash
    failed,     // definitely not paid (expired, no route, refused): safe to forget
    unknown,    // may or may not have been paid: ask again later, never pay anew
  };
  Status status = Status::unknown;
  Hash32 preimage{};
  std::uint64_t fee_msat = 0;
  std::string message;  // for people; never contains the preimage
};

class Wallet {
 public:
  virtual ~Wallet() = default;
  virtual std::string name() const = 0;

  // Pays `bolt11` (already decoded and checked by the caller). Must not throw
  // for payment problems: a transport error whose outcome is unclear is `unknown`.
  virtual PayResult pay(const std::string& bolt11, const bolt11::Invoice& decoded) = 0;

  // The outcome of an earlier pay() of this invoice whose result was never
  // recorded (the client crashed). Must never start a second payment of a
  // different invoice; for idempotent wallets re-paying the same invoice is fine.
  virtual PayResult status(const std::string& bolt11, const bolt11::Invoice& decoded) = 0;

  // The network this wallet pays on, if it knows: invoices for another one are
  // refused before paying.
  virtual std::optional<bolt11::Network> network() const { return std::nullopt; }
};

class WalletError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WalletContext {
  std::string server_origin;  // scheme://host[:port] of the server being paid
  Transport transport;        // for wallets that speak HTTP
};

// The wallet called `name`, configured from `config.wallets[name]`. Throws
// WalletError for an unknown name or one that is not supported yet.
std::unique_ptr<Wallet> make_wallet(const std::string& name, const Config& config,
                                    const WalletContext& context);

// Names make_wallet knows, supported or not (for --help and error messages).
std::string wallet_names();

}  // namespace l402d::client
