#include "client/lnd_wallet.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "bolt11/network_name.hpp"
#include "client/pay_outcome.hpp"
#include "client/wallet_json.hpp"
#include "util/base64.hpp"
#include "util/hex.hpp"

namespace l402d::client {

namespace json = boost::json;

namespace {

// gRPC status codes LND's REST gateway passes on.
constexpr std::int64_t kGrpcNotFound = 5;
constexpr std::int64_t kGrpcPermissionDenied = 7;
constexpr std::int64_t kGrpcUnauthenticated = 16;

// What a SendPaymentV2 / TrackPaymentV2 answer holds: the last payment update
// and the first error. grpc-gateway streams one JSON object per line,
// {"result": Payment} or {"error": rpcStatus}; an error raised before the
// stream starts is a bare rpcStatus, and older gateways wrote the error as a
// string next to "code".
struct Stream {
  std::optional<json::object> payment;
  std::optional<json::object> error;
};

void take(json::object item, Stream& s) {
  if (const auto* r = object_at(item, "result")) {
    s.payment = *r;
    return;
  }
  if (s.error) return;
  if (const auto* e = object_at(item, "error")) {
    s.error = *e;
  } else if (auto text = string_at(item, "error")) {
    s.error = json::object{{"code", int_at(item, "code").value_or(2)}, {"message", *text}};
  } else if (item.contains("code")) {
    s.error = std::move(item);
  }
}

Stream read_stream(const std::string& body) {
  Stream s;
  std::size_t start = 0;
  while (start < body.size()) {
    auto end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    if (auto item = json_object(std::string_view(body).substr(start, end - start))) {
      take(std::move(*item), s);
    }
    start = end + 1;
  }
  return s;
}

std::int64_t code_of(const Stream& s) {
  return s.error ? int_at(*s.error, "code").value_or(-1) : -1;
}

std::string error_text(const Stream& s, const net::HttpResponse& res) {
  if (s.error) {
    if (auto m = string_at(*s.error, "message"))
      return "HTTP " + std::to_string(res.status) + ": " + *m;
  }
  return describe_response(res);
}

// LND reports macaroon problems as plain errors (gRPC Unknown, HTTP 500):
// "expected 1 macaroon, got 0", "verification failed: signature mismatch ...",
// "cannot get macaroon: root key with id 0 doesn't exist", "permission denied".
bool refused_credentials(const Stream& s, const net::HttpResponse& res) {
  if (res.status == 401 || res.status == 403) return true;
  auto code = code_of(s);
  if (code == kGrpcUnauthenticated || code == kGrpcPermissionDenied) return true;
  if (!s.error) return false;
  auto m = string_at(*s.error, "message").value_or("");
  std::transform(m.begin(), m.end(), m.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return m.find("macaroon") != std::string::npos ||
         m.find("verification failed") != std::string::npos ||
         m.find("permission denied") != std::string::npos;
}

PayResult from_payment(const json::object& p, const bolt11::Invoice& decoded) {
  auto status = string_at(p, "status").value_or("");
  if (status == "SUCCEEDED") {
    return paid_with(string_at(p, "payment_preimage").value_or(""), decoded, msat_at(p, "fee_msat"),
                     "LND");
  }
  if (status == "FAILED") {
    return failed_payment("LND: payment failed (" +
                          string_at(p, "failure_reason").value_or("no reason given") + ")");
  }
  return unknown_payment("LND: the payment is still " + (status.empty() ? "pending" : status));
}

std::string base64url(const Hash32& h) {
  auto s = base64_encode(h);
  std::replace(s.begin(), s.end(), '+', '-');
  std::replace(s.begin(), s.end(), '/', '_');
  return s;
}

}  // namespace

LndWallet::LndWallet(WalletEndpoint endpoint, const std::string& macaroon_hex, Transport transport)
    : api_(std::move(endpoint), std::move(transport), {{"Grpc-Metadata-macaroon", macaroon_hex}}) {}

std::optional<bolt11::Network> LndWallet::network() const {
  return network_.get([this]() -> std::optional<bolt11::Network> {
    try {
      auto res = api_.send(api_.request("GET", "/v1/getinfo"));
      auto info = json_object(res.body);
      if (res.status != 200 || !info) return std::nullopt;
      const auto* chains = info->if_contains("chains");
      if (!chains || !chains->is_array() || chains->as_array().empty()) return std::nullopt;
      const auto& first = chains->as_array().front();
      if (!first.is_object()) return std::nullopt;
      return bolt11::parse_network(string_at(first.as_object(), "network").value_or(""));
    } catch (const net::HttpError&) {
      return std::nullopt;
    }
  });
}

PayResult LndWallet::pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                         std::uint64_t max_fee_msat) {
  if (auto refused = refuse_other_network(*this, decoded)) return *refused;
  // int64 fields are JSON strings in LND's REST mapping. Without a fee limit
  // LND only tries zero-fee routes.
  json::object body{{"payment_request", bolt11},
                    {"fee_limit_msat", std::to_string(max_fee_msat)},
                    {"timeout_seconds", api_.endpoint().pay_timeout.count()},
                    {"no_inflight_updates", true}};
  auto req = api_.pay_request(api_.json_request("POST", "/v2/router/send", json::serialize(body)));
  net::HttpResponse res;
  try {
    res = api_.send(req);
  } catch (const net::HttpError& e) {
    return pay_transport_error(e, "LND");
  }
  auto stream = read_stream(res.body);
  if (stream.payment) return from_payment(*stream.payment, decoded);
  if (refused_credentials(stream, res)) {
    return failed_payment("LND refused the macaroon (" + error_text(stream, res) +
                          "); nothing was sent");
  }
  // LND answered without a payment update: it refused the invoice, or knows
  // this payment already (gRPC AlreadyExists: paid or in flight). What it
  // knows about the payment hash decides.
  auto known = track(decoded);
  if (known.status == PayResult::Status::failed) {
    known.message = "LND did not pay: " + error_text(stream, res);
  }
  return known;
}

PayResult LndWallet::status(const std::string& bolt11, const bolt11::Invoice& decoded) {
  (void)bolt11;
  return track(decoded);
}

PayResult LndWallet::track(const bolt11::Invoice& decoded) {
  auto req = api_.request(
      "GET", "/v2/router/track/" + base64url(decoded.payment_hash) + "?no_inflight_updates=true");
  net::HttpResponse res;
  try {
    res = api_.send(req);
  } catch (const net::HttpError& e) {
    // Also what an in-flight payment looks like: LND holds the stream open
    // until the payment settles or fails.
    return unknown_payment(std::string("LND did not say how the payment ended: ") + e.what());
  }
  auto stream = read_stream(res.body);
  if (stream.payment) return from_payment(*stream.payment, decoded);
  if (code_of(stream) == kGrpcNotFound) {
    return failed_payment("LND has no payment for hash " + to_hex(decoded.payment_hash) +
                          ": it was never sent");
  }
  if (refused_credentials(stream, res)) {
    return unknown_payment("LND refused the macaroon (" + error_text(stream, res) +
                           "), so the payment's outcome cannot be checked");
  }
  return unknown_payment("LND did not say how the payment ended (" + error_text(stream, res) + ")");
}

std::unique_ptr<Wallet> make_lnd_wallet(const WalletSettingsReader& settings,
                                        const WalletContext& context) {
  settings.allow_only({"macaroon_path", "macaroon_hex"});
  auto endpoint = read_endpoint(settings, "https://127.0.0.1:8080");
  std::string macaroon_hex;
  if (auto hex = settings.get("macaroon_hex")) {
    if (!from_hex(*hex)) throw WalletError(settings.describe("macaroon_hex") + ": not hex");
    macaroon_hex = *hex;
  } else if (auto bytes = settings.file_bytes("macaroon_path")) {
    // The file is the binary macaroon; the header carries its hex.
    macaroon_hex = to_hex(as_bytes(*bytes));
  } else {
    throw WalletError("the lnd wallet needs a macaroon: set " + settings.describe("macaroon_path") +
                      " to admin.macaroon, or " + settings.describe("macaroon_hex"));
  }
  return std::make_unique<LndWallet>(std::move(endpoint), macaroon_hex, context.transport);
}

}  // namespace l402d::client
