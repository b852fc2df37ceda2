#include "client/lnbits_wallet.hpp"

#include <boost/json.hpp>
#include <thread>

#include "client/pay_outcome.hpp"
#include "client/sats_text.hpp"
#include "client/wallet_json.hpp"
#include "util/hex.hpp"

namespace l402d::client {

namespace json = boost::json;

namespace {

// lnbits/settings.py FeeSettings: lnbits_reserve_fee_min, lnbits_reserve_fee_percent.
constexpr std::uint64_t kReserveFeeMinMsat = 2000;
constexpr std::uint64_t kReserveFeePercent = 1;

}  // namespace

LnbitsWallet::LnbitsWallet(WalletEndpoint endpoint, const std::string& admin_key,
                           Transport transport, std::chrono::seconds poll_interval, Sleep sleep)
    : api_(std::move(endpoint), std::move(transport), {{"X-Api-Key", admin_key}}, {"X-Api-Key"}),
      poll_interval_(poll_interval),
      sleep_(std::move(sleep)) {
  if (!sleep_) sleep_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

std::uint64_t LnbitsWallet::default_fee_reserve_msat(std::uint64_t amount_msat) {
  return std::max(kReserveFeeMinMsat, amount_msat * kReserveFeePercent / 100);
}

std::uint64_t LnbitsWallet::fee_reserve_msat(const std::string& bolt11, std::uint64_t amount_msat) {
  try {
    auto res = api_.send(api_.request("GET", "/api/v1/payments/fee-reserve?invoice=" + bolt11));
    if (auto o = json_object(res.body); res.status == 200 && o) {
      if (auto reserve = msat_at(*o, "fee_reserve")) return *reserve;
    }
  } catch (const net::HttpError&) {
    // An unreachable LNbits will not pay either; the defaults decide meanwhile.
  }
  return default_fee_reserve_msat(amount_msat);
}

Expected<std::uint64_t, std::string> LnbitsWallet::fee_limit_msat(const std::string& bolt11,
                                                                  const bolt11::Invoice& decoded,
                                                                  std::uint64_t max_fee_msat) {
  auto reserve = fee_reserve_msat(bolt11, decoded.amount_msat.value_or(0));
  if (reserve > max_fee_msat) {
    return unexpected(
        "LNbits may take up to " + sats_text(reserve) +
        " sats in fees for this invoice (its fee reserve), more than the max fee of " +
        sats_text(max_fee_msat) + " sats");
  }
  return reserve;
}

PayResult LnbitsWallet::pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                            std::uint64_t max_fee_msat) {
  // LNbits takes no fee limit; its own, the fee reserve, must be within ours.
  if (auto reserve = fee_limit_msat(bolt11, decoded, max_fee_msat); !reserve) {
    return failed_payment(reserve.error() + "; nothing was sent");
  }
  json::object body{{"out", true}, {"bolt11", bolt11}};
  net::HttpResponse res;
  try {
    res = api_.send(
        api_.pay_request(api_.json_request("POST", "/api/v1/payments", json::serialize(body))));
  } catch (const net::HttpError& e) {
    return pay_transport_error(e, "LNbits");
  }
  auto o = json_object(res.body);
  if (res.status == 201 && o) {
    auto state = string_at(*o, "status").value_or("pending");
    if (state == "success") {
      return paid_with(string_at(*o, "preimage").value_or(""), decoded, msat_at(*o, "fee"),
                       "LNbits");
    }
    if (state == "failed") return failed_payment("LNbits: the payment failed");
    return poll(decoded, "LNbits: the payment is still pending");
  }
  // 401 no key, 403 not an admin key, 404 "Wallet not found." (an unknown key).
  if (res.status == 401 || res.status == 403 || res.status == 404) {
    return failed_payment("LNbits refused the admin key (" + describe_response(res) +
                          "); nothing was sent");
  }
  if (res.status == 400 || res.status == 422) {
    return failed_payment("LNbits refused the request (" + describe_response(res) + ")");
  }
  if (res.status == 520 && o) {
    // PaymentError: "failed" is final; "success" means paid before (the
    // preimage is in the payment record); "pending" is still on its way.
    auto state = string_at(*o, "status").value_or("pending");
    if (state == "failed") return failed_payment("LNbits: " + describe_response(res));
    if (state == "success") return check(decoded);
    return poll(decoded, "LNbits: " + describe_response(res));
  }
  auto known = check(decoded);
  if (known.status == PayResult::Status::failed) {
    known.message = "LNbits did not pay: " + describe_response(res);
  }
  return known;
}

PayResult LnbitsWallet::poll(const bolt11::Invoice& decoded, std::string pending_message) {
  auto interval = std::max<std::chrono::seconds>(poll_interval_, std::chrono::seconds(1));
  auto rounds = std::max<std::int64_t>(1, api_.endpoint().pay_timeout / interval);
  PayResult last = unknown_payment(std::move(pending_message));
  for (std::int64_t i = 0; i < rounds; ++i) {
    sleep_(interval);
    last = check(decoded);
    if (last.status != PayResult::Status::unknown) return last;
  }
  return last;
}

PayResult LnbitsWallet::status(const std::string& bolt11, const bolt11::Invoice& decoded) {
  (void)bolt11;
  return check(decoded);
}

PayResult LnbitsWallet::check(const bolt11::Invoice& decoded) {
  net::HttpResponse res;
  try {
    res = api_.send(api_.request("GET", "/api/v1/payments/" + to_hex(decoded.payment_hash)));
  } catch (const net::HttpError& e) {
    return unknown_payment(std::string("LNbits did not say how the payment ended: ") + e.what());
  }
  auto o = json_object(res.body);
  if (res.status == 404) {
    return failed_payment("LNbits has no payment for hash " + to_hex(decoded.payment_hash) +
                          ": it was never sent");
  }
  if (res.status != 200 || !o) {
    return unknown_payment("LNbits did not say how the payment ended (" + describe_response(res) +
                           ")");
  }
  if (bool_at(*o, "paid").value_or(false)) {
    std::optional<std::uint64_t> fee;
    if (const auto* details = object_at(*o, "details")) fee = msat_at(*details, "fee");
    return paid_with(string_at(*o, "preimage").value_or(""), decoded, fee, "LNbits");
  }
  if (string_at(*o, "status") == "failed") return failed_payment("LNbits: the payment failed");
  return unknown_payment("LNbits: the payment is still pending");
}

std::unique_ptr<Wallet> make_lnbits_wallet(const WalletSettingsReader& settings,
                                           const WalletContext& context) {
  settings.allow_only({"admin_key", "admin_key_path", "poll_interval_seconds"});
  if (!settings.get("host")) {
    throw WalletError("the lnbits wallet needs " + settings.describe("host") +
                      " (https://HOST[:PORT], with any path prefix LNbits is served under)");
  }
  auto endpoint = read_endpoint(settings, "");
  auto key = settings.secret("admin_key", "admin_key_path");
  if (!key) {
    throw WalletError("the lnbits wallet needs the wallet's admin key: set " +
                      settings.describe("admin_key") + " or " +
                      settings.describe("admin_key_path"));
  }
  auto interval = settings.seconds("poll_interval_seconds", std::chrono::seconds(1));
  return std::make_unique<LnbitsWallet>(std::move(endpoint), *key, context.transport, interval,
                                        context.sleep);
}

}  // namespace l402d::client
