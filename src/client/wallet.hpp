#pragma once

// Where payments come from. Every wallet (the builtin dev node's /dev/pay;
// LND, Core Lightning, LNbits and Phoenixd over their REST APIs; NWC later)
// sits behind this one interface and is chosen by name.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "bolt11/invoice.hpp"
#include "client/config.hpp"
#include "client/transport.hpp"
#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::client {

struct PayResult {
  enum class Status {
    succeeded,  // preimage is set and sha256(preimage) == payment hash
    failed,     // definitely not paid (expired, no route, refused, never sent): safe to forget
    unknown,    // may or may not have been paid: ask again later, never pay anew
  };
  Status status = Status::unknown;
  Hash32 preimage{};
  std::optional<std::uint64_t> fee_msat;  // what the wallet says it charged, when it says
  std::string message;                    // for people; never holds a preimage or a wallet secret
};

class Wallet {
 public:
  virtual ~Wallet() = default;
  virtual std::string name() const = 0;

  // The most this wallet may charge in fees to pay `invoice` when the buyer
  // allows `max_fee_msat`: the limit itself for wallets that enforce it, the
  // wallet's own fee when it is known in advance, or an error (the sentence
  // says why) when the wallet would charge more than allowed: then nothing is
  // paid. The budget and --max-sats count amount + this.
  virtual Expected<std::uint64_t, std::string> fee_limit_msat(const std::string& bolt11,
                                                              const bolt11::Invoice& decoded,
                                                              std::uint64_t max_fee_msat) {
    (void)bolt11;
    (void)decoded;
    return max_fee_msat;
  }

  // Pays `bolt11` (already decoded and checked by the caller) with at most
  // `max_fee_msat` in fees. Must not throw for payment problems: an exchange
  // whose outcome is unclear (a transport error after the request went out) is
  // `unknown`, never `failed`.
  virtual PayResult pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                        std::uint64_t max_fee_msat) = 0;

  // The outcome of an earlier pay() of this invoice whose result was never
  // recorded (the client crashed). Never starts a payment (except for the dev
  // wallet, whose node is idempotent). `failed` also when the wallet has no
  // record of the payment: it was never sent.
  virtual PayResult status(const std::string& bolt11, const bolt11::Invoice& decoded) = 0;

  // The network this wallet pays on, if it can tell: invoices for another one
  // are refused before paying.
  virtual std::optional<bolt11::Network> network() const { return std::nullopt; }
};

class WalletError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Looks up an environment variable (injectable for tests).
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
Environment process_environment();

using Sleep = std::function<void(std::chrono::milliseconds)>;

struct WalletContext {
  std::string server_origin;  // scheme://host[:port] of the server being paid
  Transport transport;        // for wallets that speak HTTP
  Environment environment = process_environment();
  Sleep sleep = {};  // between status polls; empty: the calling thread sleeps
};

// The wallet called `name`, configured from `config.wallets[name]` and the
// L402_<WALLET>_<SETTING> environment variables (wallet_settings.hpp). Throws
// WalletError for an unknown name, one not supported yet, or bad settings.
std::unique_ptr<Wallet> make_wallet(const std::string& name, const Config& config,
                                    const WalletContext& context);

// Names make_wallet knows, supported or not (for --help and error messages).
std::string wallet_names();

}  // namespace l402d::client
