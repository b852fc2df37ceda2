#include "client/cln_wallet.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "bolt11/network_name.hpp"
#include "client/pay_outcome.hpp"
#include "client/wallet_json.hpp"
#include "util/hex.hpp"

namespace l402d::client {

namespace json = boost::json;

namespace {

constexpr std::int64_t kMethodNotFound = -32601;
constexpr std::int64_t kAlreadyPaid = 219;  // xpay
// Errors after which xpay / pay have given up with nothing in flight
// (doc/schemas/xpay.json, pay.json): 203 permanent failure at the
// destination, 205 no route, 206 route too expensive, 207 invoice expired,
// 209 other payment error, 210 timed out with nothing in flight.
constexpr std::array<std::int64_t, 6> kDefiniteFailures = {203, 205, 206, 207, 209, 210};

std::string rpc_error(const net::HttpResponse& res) {
  auto o = json_object(res.body);
  if (!o) return describe_response(res);
  auto code = int_at(*o, "code");
  return "HTTP " + std::to_string(res.status) +
         (code ? " (code " + std::to_string(*code) + ")" : "") + ": " +
         string_at(*o, "message").value_or("no message");
}

std::optional<std::int64_t> rpc_code(const net::HttpResponse& res) {
  auto o = json_object(res.body);
  return o ? int_at(*o, "code") : std::nullopt;
}

std::optional<std::uint64_t> fee_of(const json::object& o) {
  auto sent = msat_at(o, "amount_sent_msat");
  auto received = msat_at(o, "amount_msat");
  if (!sent || !received || *sent < *received) return std::nullopt;
  return *sent - *received;
}

}  // namespace

ClnWallet::ClnWallet(WalletEndpoint endpoint, const std::string& rune, Transport transport)
    : api_(std::move(endpoint), std::move(transport), {{"Rune", rune}}, {"Rune"}) {}

std::optional<bolt11::Network> ClnWallet::network() const {
  return network_.get([this]() -> std::optional<bolt11::Network> {
    try {
      auto res = api_.send(api_.json_request("POST", "/v1/getinfo", "{}"));
      auto info = json_object(res.body);
      if (res.status != 201 || !info) return std::nullopt;
      return bolt11::parse_network(string_at(*info, "network").value_or(""));
    } catch (const net::HttpError&) {
      return std::nullopt;
    }
  });
}

PayResult ClnWallet::pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                         std::uint64_t max_fee_msat) {
  if (auto refused = refuse_other_network(*this, decoded)) return *refused;
  auto retry_for = api_.endpoint().pay_timeout.count();
  json::object xpay{{"invstring", bolt11}, {"maxfee", max_fee_msat}, {"retry_for", retry_for}};
  net::HttpResponse res;
  try {
    res = api_.send(api_.pay_request(api_.json_request("POST", "/v1/xpay", json::serialize(xpay))));
    if (res.status == 404 || rpc_code(res) == kMethodNotFound) {
      // No xpay (before v24.11, or disabled): the older pay plugin, which
      // takes the same limits.
      json::object pay{{"bolt11", bolt11}, {"maxfee", max_fee_msat}, {"retry_for", retry_for}};
      res = api_.send(api_.pay_request(api_.json_request("POST", "/v1/pay", json::serialize(pay))));
    }
  } catch (const net::HttpError& e) {
    return pay_transport_error(e, "Core Lightning");
  }
  return outcome(res, decoded);
}

PayResult ClnWallet::outcome(const net::HttpResponse& res, const bolt11::Invoice& decoded) {
  if (res.status == 201) {
    auto o = json_object(res.body);
    if (!o) return unknown_payment("Core Lightning answered 201 without a JSON result");
    // pay reports "complete", "pending" or "failed"; xpay only answers when complete.
    auto state = string_at(*o, "status").value_or("complete");
    if (state == "failed") return failed_payment("Core Lightning: the payment failed");
    if (state != "complete")
      return unknown_payment("Core Lightning: the payment is still " + state);
    return paid_with(string_at(*o, "payment_preimage").value_or(""), decoded, fee_of(*o),
                     "Core Lightning");
  }
  if (res.status == 401 || res.status == 403) {
    return failed_payment("Core Lightning refused the rune (" + rpc_error(res) +
                          "); nothing was sent");
  }
  auto code = rpc_code(res);
  if (res.status == 500 && code &&
      std::find(kDefiniteFailures.begin(), kDefiniteFailures.end(), *code) !=
          kDefiniteFailures.end()) {
    return failed_payment("Core Lightning: " + rpc_error(res));
  }
  // Already paid (219), or an answer that does not say: listpays knows.
  auto known = status("", decoded);
  if (known.status == PayResult::Status::failed && code != kAlreadyPaid) {
    known.message = "Core Lightning did not pay: " + rpc_error(res);
  }
  return known;
}

PayResult ClnWallet::status(const std::string& bolt11, const bolt11::Invoice& decoded) {
  (void)bolt11;
  json::object q{{"payment_hash", to_hex(decoded.payment_hash)}};
  net::HttpResponse res;
  try {
    res = api_.send(api_.json_request("POST", "/v1/listpays", json::serialize(q)));
  } catch (const net::HttpError& e) {
    return unknown_payment(std::string("Core Lightning did not say how the payment ended: ") +
                           e.what());
  }
  auto o = json_object(res.body);
  const auto* pays = o ? o->if_contains("pays") : nullptr;
  if (res.status != 201 || !pays || !pays->is_array()) {
    return unknown_payment("Core Lightning did not say how the payment ended (" + rpc_error(res) +
                           ")");
  }
  // One entry per attempt: any complete one paid it; a pending one may still.
  bool pending = false;
  for (const auto& p : pays->as_array()) {
    if (!p.is_object()) continue;
    auto state = string_at(p.as_object(), "status").value_or("");
    if (state == "complete") {
      return paid_with(string_at(p.as_object(), "preimage").value_or(""), decoded,
                       fee_of(p.as_object()), "Core Lightning");
    }
    pending = pending || state != "failed";
  }
  if (pending) return unknown_payment("Core Lightning: the payment is still pending");
  if (pays->as_array().empty()) {
    return failed_payment("Core Lightning has no payment for hash " + to_hex(decoded.payment_hash) +
                          ": it was never sent");
  }
  return failed_payment("Core Lightning: the payment failed");
}

std::unique_ptr<Wallet> make_cln_wallet(const WalletSettingsReader& settings,
                                        const WalletContext& context) {
  settings.allow_only({"rune", "rune_path"});
  auto endpoint = read_endpoint(settings, "https://127.0.0.1:3010");
  auto rune = settings.secret("rune", "rune_path");
  if (!rune) {
    throw WalletError("the cln wallet needs a rune (lightning-cli createrune): set " +
                      settings.describe("rune") + " or " + settings.describe("rune_path"));
  }
  return std::make_unique<ClnWallet>(std::move(endpoint), *rune, context.transport);
}

}  // namespace l402d::client
