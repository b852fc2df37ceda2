#include "lightning/lnbits_backend.hpp"

#include "lightning/invoice_network.hpp"
#include "lightning/lnbits_json.hpp"
#include "lightning/node_http.hpp"
#include "lightning/pushed_wait.hpp"
#include "lightning/whole_sats.hpp"
#include "net/websocket_client.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"

namespace l402d::lightning {

namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

constexpr std::string_view kNode = "LNbits";

BackendErrorCode code_for(long status, std::string_view text) {
  // An invoice key LNbits does not know is "Wallet not found." (404).
  if (status == 401 || status == 403 || (status == 404 && text == "Wallet not found."))
    return BackendErrorCode::unauthorized;
  if (status == 400 || status == 422) return BackendErrorCode::rejected;
  // Other 404s: no LNbits API at that address. 520: the funding source failed.
  return BackendErrorCode::unavailable;
}

[[noreturn]] void fail(const net::HttpResponse& res, std::string_view what, std::string_view key) {
  const auto text = lnbits::error_text(res.body);
  throw BackendError(code_for(res.status, text), std::string(kNode) + " " + std::string(what) +
                                                     ": HTTP " + std::to_string(res.status) + ": " +
                                                     redact(text, key));
}

}  // namespace

LnbitsBackend::LnbitsBackend(LnbitsConfig config, std::optional<bolt11::Network> network,
                             std::function<std::int64_t()> clock)
    : config_(std::move(config)),
      key_(read_token({"L402D_LNBITS_KEY", config_.api_key_path, "the LNbits invoice key"})),
      network_(network),
      clock_(clock ? std::move(clock) : std::function<std::int64_t()>(unix_now)),
      push_("lnbits: wallet websocket", [this] { return watch_payments(); }) {}

LnbitsBackend::~LnbitsBackend() = default;

net::HttpRequest LnbitsBackend::request(std::string method, std::string path,
                                        std::string body) const {
  return node_request(std::move(method), config_.host + path, {"X-Api-Key", key_}, std::move(body),
                      "application/json", config_.timeout);
}

asio::awaitable<NodeInfo> LnbitsBackend::async_node_info() {
  auto r = request("GET", "/api/v1/wallet", "");
  auto res = co_await call_node(client_, std::move(r), kNode);
  if (res.status != 200) fail(res, "wallet", key_);
  co_return lnbits::parse_wallet(res.body);
}

asio::awaitable<CreatedInvoice> LnbitsBackend::async_create_invoice(CreateInvoiceRequest r) {
  const auto sats = whole_sats(r.amount_msat, kNode);
  if (lnbits::code_points(r.description) > kMaxMemoChars) {
    throw BackendError(BackendErrorCode::rejected, "a memo over the 640 characters LNbits takes");
  }
  auto body = lnbits::create_body(sats, r.description, r.expiry_seconds);
  auto req = request("POST", "/api/v1/payments", std::move(body));
  auto res = co_await call_node(client_, std::move(req), kNode);
  if (res.status != 201 && res.status != 200) fail(res, "create invoice", key_);
  auto created = lnbits::parse_created(res.body, clock_(), r.expiry_seconds);
  require_invoice_network(created.bolt11, network_, "LNbits");
  co_return created;
}

asio::awaitable<std::optional<InvoiceStatus>> LnbitsBackend::async_lookup_invoice(Hash32 hash) {
  auto r = request("GET", "/api/v1/payments/" + to_hex(ByteView(hash)), "");
  auto res = co_await call_node(client_, std::move(r), kNode);
  // Without a key LNbits looks payments up too, so 404 is only "no such payment".
  if (res.status == 404) co_return std::nullopt;
  if (res.status != 200) fail(res, "payment lookup", key_);
  co_return lnbits::parse_payment(res.body, hash, clock_());
}

asio::awaitable<std::optional<InvoiceStatus>> LnbitsBackend::async_wait_invoice(
    Hash32 hash, milliseconds timeout) {
  InvoiceLookup lookup = [this](Hash32 h) { return async_lookup_invoice(h); };
  co_return co_await wait_pushed(waiters_, lookup, hash, timeout);
}

asio::awaitable<void> LnbitsBackend::watch_payments() {
  net::WebSocketOptions options;
  options.connect_timeout = std::min(config_.timeout, milliseconds(10'000));
  // The key is in the path: WebSocket's errors name only scheme, host and port.
  auto url = websocket_url(config_.host) + "/api/v1/ws/" + key_;
  return wake_from_websocket(
      std::move(url), std::move(options), lnbits::notified_payment, waiters_,
      [this](Hash32 h) { return async_lookup_invoice(h); }, kNode);
}

}  // namespace l402d::lightning
