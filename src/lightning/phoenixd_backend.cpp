#include "lightning/phoenixd_backend.hpp"

#include "lightning/node_http.hpp"
#include "lightning/phoenixd_json.hpp"
#include "lightning/pushed_wait.hpp"
#include "lightning/secret_source.hpp"
#include "lightning/whole_sats.hpp"
#include "net/websocket_client.hpp"
#include "util/base64.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"

namespace l402d::lightning {

namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

constexpr std::string_view kNode = "Phoenixd";
const std::string kWhat = "the phoenixd password";

std::string read_password(const PhoenixdConfig& c) {
  const auto text = read_secret({"L402D_PHOENIXD_PASSWORD", c.password_path, kWhat});
  return as_token(phoenixd::api_password(text), kWhat);
}

std::string basic_authorization(const std::string& password) {
  const auto credentials = ":" + password;  // phoenixd checks the password only
  return "Basic " +
         base64_encode(ByteView(reinterpret_cast<const std::uint8_t*>(credentials.data()),
                                credentials.size()));
}

BackendErrorCode code_for(long status) {
  if (status == 401 || status == 403) return BackendErrorCode::unauthorized;
  // 400: a parameter phoenixd refuses ("description is too long", ...).
  if (status == 400) return BackendErrorCode::rejected;
  // 404 "Unknown endpoint": no phoenixd API at that address; 5xx: it failed.
  return BackendErrorCode::unavailable;
}

[[noreturn]] void fail(const net::HttpResponse& res, std::string_view what,
                       std::string_view password) {
  // Phoenixd's errors are plain text.
  throw BackendError(code_for(res.status), std::string(kNode) + " " + std::string(what) +
                                               ": HTTP " + std::to_string(res.status) + ": " +
                                               redact(res.body, password));
}

}  // namespace

PhoenixdBackend::PhoenixdBackend(PhoenixdConfig config, std::function<std::int64_t()> clock)
    : config_(std::move(config)),
      password_(read_password(config_)),
      authorization_(basic_authorization(password_)),
      clock_(clock ? std::move(clock) : std::function<std::int64_t()>(unix_now)),
      push_("phoenixd: websocket", [this] { return watch_payments(); }) {}

PhoenixdBackend::~PhoenixdBackend() = default;

net::HttpRequest PhoenixdBackend::request(std::string method, std::string path,
                                          std::string form) const {
  return node_request(std::move(method), config_.host + path, {"Authorization", authorization_},
                      std::move(form), "application/x-www-form-urlencoded", config_.timeout);
}

asio::awaitable<NodeInfo> PhoenixdBackend::async_node_info() {
  auto r = request("GET", "/getinfo", "");
  auto res = co_await call_node(client_, std::move(r), kNode);
  if (res.status != 200) fail(res, "getinfo", password_);
  co_return phoenixd::parse_getinfo(res.body);
}

asio::awaitable<CreatedInvoice> PhoenixdBackend::async_create_invoice(CreateInvoiceRequest r) {
  const auto sats = whole_sats(r.amount_msat, kNode);
  if (phoenixd::utf16_length(r.description) > kMaxDescriptionChars) {
    throw BackendError(BackendErrorCode::rejected,
                       "a description over the 128 characters Phoenixd takes");
  }
  auto req = request("POST", "/createinvoice",
                     phoenixd::create_form(sats, r.description, r.expiry_seconds));
  auto res = co_await call_node(client_, std::move(req), kNode);
  if (res.status != 200) fail(res, "createinvoice", password_);
  co_return phoenixd::parse_created(res.body, clock_(), r.expiry_seconds);
}

asio::awaitable<std::optional<InvoiceStatus>> PhoenixdBackend::async_lookup_invoice(Hash32 hash) {
  auto r = request("GET", "/payments/incoming/" + to_hex(ByteView(hash)), "");
  auto res = co_await call_node(client_, std::move(r), kNode);
  // "Not found" is an unknown payment; "Unknown endpoint (check api doc)" is
  // no phoenixd at that address.
  if (res.status == 404 && res.body.starts_with("Not found")) co_return std::nullopt;
  if (res.status != 200) fail(res, "incoming payment lookup", password_);
  co_return phoenixd::parse_incoming(res.body, clock_());
}

asio::awaitable<std::optional<InvoiceStatus>> PhoenixdBackend::async_wait_invoice(
    Hash32 hash, milliseconds timeout) {
  InvoiceLookup lookup = [this](Hash32 h) { return async_lookup_invoice(h); };
  co_return co_await wait_pushed(waiters_, lookup, hash, timeout);
}

asio::awaitable<void> PhoenixdBackend::watch_payments() {
  net::WebSocketOptions options;
  options.headers = {{"Authorization", authorization_}};
  options.connect_timeout = std::min(config_.timeout, milliseconds(10'000));
  auto url = websocket_url(config_.host) + "/websocket";
  return wake_from_websocket(
      std::move(url), std::move(options), phoenixd::received_payment, waiters_,
      [this](Hash32 h) { return async_lookup_invoice(h); }, kNode);
}

}  // namespace l402d::lightning
