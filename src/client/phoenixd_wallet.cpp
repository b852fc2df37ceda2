#include "client/phoenixd_wallet.hpp"

#include <sstream>

#include "bolt11/network_name.hpp"
#include "client/pay_outcome.hpp"
#include "client/sats_text.hpp"
#include "client/wallet_json.hpp"
#include "util/base64.hpp"
#include "util/hex.hpp"

namespace l402d::client {

namespace {

std::string basic_auth(const std::string& password) {
  // phoenixd checks the password only; the user name stays empty.
  return "Basic " + base64_encode(as_bytes(":" + password));
}

std::optional<std::uint64_t> sat_as_msat(const boost::json::object& o, std::string_view key) {
  auto sat = msat_at(o, key);
  if (!sat) return std::nullopt;
  return *sat * 1000;
}

}  // namespace

PhoenixdWallet::PhoenixdWallet(WalletEndpoint endpoint, const std::string& password,
                               Transport transport, PhoenixdFees fees)
    : api_(std::move(endpoint), std::move(transport), {{"Authorization", basic_auth(password)}}, {},
           {password}),
      fees_(fees) {}

std::optional<bolt11::Network> PhoenixdWallet::network() const {
  return network_.get([this]() -> std::optional<bolt11::Network> {
    try {
      auto res = api_.send(api_.request("GET", "/getinfo"));
      auto info = json_object(res.body);
      if (res.status != 200 || !info) return std::nullopt;
      return bolt11::parse_network(string_at(*info, "chain").value_or(""));
    } catch (const net::HttpError&) {
      return std::nullopt;
    }
  });
}

Expected<std::uint64_t, std::string> PhoenixdWallet::fee_limit_msat(const std::string& bolt11,
                                                                    const bolt11::Invoice& decoded,
                                                                    std::uint64_t max_fee_msat) {
  (void)bolt11;
  auto fee = fees_.for_amount(decoded.amount_msat.value_or(0));
  if (fee > max_fee_msat) {
    return unexpected("phoenixd charges " + sats_text(fees_.base_msat) + " sats + " +
                      std::to_string(fees_.ppm) + " ppm, " + sats_text(fee) +
                      " sats for this invoice, more than the max fee of " +
                      sats_text(max_fee_msat) + " sats");
  }
  return fee;
}

PayResult PhoenixdWallet::pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                              std::uint64_t max_fee_msat) {
  if (auto refused = refuse_other_network(*this, decoded)) return *refused;
  // phoenixd takes no fee limit: its fee is fixed and known in advance.
  if (auto fee = fee_limit_msat(bolt11, decoded, max_fee_msat); !fee) {
    return failed_payment(fee.error() + "; nothing was sent");
  }
  auto req = api_.pay_request(api_.request("POST", "/payinvoice"));
  req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  // bech32 is letters and digits only: nothing to escape.
  req.body = "invoice=" + bolt11;
  net::HttpResponse res;
  try {
    res = api_.send(req);
  } catch (const net::HttpError& e) {
    return pay_transport_error(e, "phoenixd");
  }
  if (res.status == 401) {
    return failed_payment("phoenixd refused the password (" + describe_response(res) +
                          "; paying needs http-password, not the limited-access one); nothing "
                          "was sent");
  }
  if (res.status == 400)
    return failed_payment("phoenixd refused the request (" + describe_response(res) + ")");
  auto o = json_object(res.body);
  if (res.status == 200 && o) {
    if (auto preimage = string_at(*o, "paymentPreimage")) {
      auto paid = paid_with(*preimage, decoded, sat_as_msat(*o, "routingFeeSat"), "phoenixd");
      // routingFeeSat is rounded down to the sat; the payment record has msat.
      if (paid.status == PayResult::Status::succeeded) {
        if (auto exact = lookup(decoded); exact.status == PayResult::Status::succeeded) {
          paid.fee_msat = exact.fee_msat ? exact.fee_msat : paid.fee_msat;
        }
      }
      return paid;
    }
    if (auto reason = string_at(*o, "reason")) {
      // PaymentFailed is final for this attempt; an earlier attempt may still
      // have paid the invoice ("already paid"), which the record shows.
      auto known = lookup(decoded);
      if (known.status == PayResult::Status::failed) {
        known.message = "phoenixd: the payment failed (" + *reason + ")";
      }
      return known;
    }
  }
  auto known = lookup(decoded);
  if (known.status == PayResult::Status::failed) {
    known.message = "phoenixd did not pay: " + describe_response(res);
  }
  return known;
}

PayResult PhoenixdWallet::status(const std::string& bolt11, const bolt11::Invoice& decoded) {
  (void)bolt11;
  return lookup(decoded);
}

PayResult PhoenixdWallet::lookup(const bolt11::Invoice& decoded) {
  net::HttpResponse res;
  try {
    res =
        api_.send(api_.request("GET", "/payments/outgoingbyhash/" + to_hex(decoded.payment_hash)));
  } catch (const net::HttpError& e) {
    return unknown_payment(std::string("phoenixd did not say how the payment ended: ") + e.what());
  }
  if (res.status == 404) {
    return failed_payment("phoenixd has no payment for hash " + to_hex(decoded.payment_hash) +
                          ": it was never sent");
  }
  auto o = json_object(res.body);
  if (res.status != 200 || !o) {
    return unknown_payment("phoenixd did not say how the payment ended (" + describe_response(res) +
                           ")");
  }
  // The best attempt for this hash: succeeded, else pending, else failed.
  if (bool_at(*o, "isPaid").value_or(false)) {
    return paid_with(string_at(*o, "preimage").value_or(""), decoded, msat_at(*o, "fees"),
                     "phoenixd");
  }
  if (o->contains("completedAt")) return failed_payment("phoenixd: the payment failed");
  return unknown_payment("phoenixd: the payment is still pending");
}

std::optional<std::string> phoenix_conf_password(const std::string& conf_text) {
  std::istringstream in(conf_text);
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    auto key = line.substr(0, eq);
    auto value = line.substr(eq + 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' '))
      value.pop_back();
    while (!key.empty() && key.front() == ' ')
      key.erase(0, 1);
    while (!key.empty() && key.back() == ' ')
      key.pop_back();
    if (key == "http-password" && !value.empty()) return value;
  }
  return std::nullopt;
}

std::unique_ptr<Wallet> make_phoenixd_wallet(const WalletSettingsReader& settings,
                                             const WalletContext& context) {
  settings.allow_only(
      {"password", "password_path", "phoenix_conf_path", "fee_base_msat", "fee_ppm"});
  auto endpoint = read_endpoint(settings, "http://127.0.0.1:9740");
  auto password = settings.secret("password", "password_path");
  if (!password) {
    if (auto conf = settings.file_bytes("phoenix_conf_path")) {
      password = phoenix_conf_password(*conf);
      if (!password) {
        throw WalletError(settings.describe("phoenix_conf_path") + ": no http-password line");
      }
    }
  }
  if (!password) {
    throw WalletError("the phoenixd wallet needs its http-password: set " +
                      settings.describe("password") + ", " + settings.describe("password_path") +
                      " or " + settings.describe("phoenix_conf_path") +
                      " (~/.phoenix/phoenix.conf)");
  }
  PhoenixdFees fees;
  fees.base_msat = settings.integer("fee_base_msat", fees.base_msat);
  fees.ppm = settings.integer("fee_ppm", fees.ppm);
  return std::make_unique<PhoenixdWallet>(std::move(endpoint), *password, context.transport, fees);
}

}  // namespace l402d::client
