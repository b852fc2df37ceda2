#include "client/dev_wallet.hpp"

#include <boost/json.hpp>

#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::client {

namespace json = boost::json;

DevWallet::DevWallet(std::string server_origin, Transport transport)
    : origin_(std::move(server_origin)), transport_(std::move(transport)) {}

namespace {

std::string error_message(const std::string& body) {
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (!ec && v.is_object()) {
    if (const auto* e = v.as_object().if_contains("error"); e && e->is_object()) {
      if (const auto* m = e->as_object().if_contains("message"); m && m->is_string()) {
        return std::string(m->as_string());
      }
    }
  }
  return {};
}

}  // namespace

PayResult DevWallet::pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                         std::uint64_t max_fee_msat) {
  (void)max_fee_msat;
  net::HttpRequest req;
  req.method = "POST";
  req.url = origin_ + "/dev/pay";
  req.headers = {{"Content-Type", "application/json"}};
  req.body = json::serialize(json::object{{"invoice", bolt11}});
  PayResult r;
  net::HttpResponse res;
  try {
    res = transport_(req);
  } catch (const net::HttpError& e) {
    r.status = PayResult::Status::unknown;
    r.message = std::string("could not reach ") + req.url + ": " + e.what();
    return r;
  }
  if (res.status != 200) {
    auto why = error_message(res.body);
    // A 4xx is a definite refusal (expired, unknown or foreign invoice); a 5xx
    // or anything else may hide a settled payment.
    r.status = res.status >= 400 && res.status < 500 ? PayResult::Status::failed
                                                     : PayResult::Status::unknown;
    r.message =
        req.url + " answered HTTP " + std::to_string(res.status) + (why.empty() ? "" : ": " + why);
    return r;
  }
  json::error_code ec;
  auto v = json::parse(res.body, ec);
  const json::value* pre = nullptr;
  if (!ec && v.is_object()) pre = v.as_object().if_contains("preimage");
  std::optional<Hash32> preimage;
  if (pre && pre->is_string()) preimage = from_hex_array<32>(std::string_view(pre->as_string()));
  if (!preimage) {
    r.status = PayResult::Status::unknown;
    r.message = req.url + " answered without a valid preimage";
    return r;
  }
  // A preimage that does not hash to the invoice proves nothing: never build
  // a credential from it.
  if (sha256(*preimage) != decoded.payment_hash) {
    r.status = PayResult::Status::unknown;
    r.message = req.url + " returned a preimage that does not match the invoice's payment hash";
    return r;
  }
  r.status = PayResult::Status::succeeded;
  r.preimage = *preimage;
  r.fee_msat = 0;
  return r;
}

PayResult DevWallet::status(const std::string& bolt11, const bolt11::Invoice& decoded) {
  return pay(bolt11, decoded, 0);
}

}  // namespace l402d::client
