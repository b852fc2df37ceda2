#include "lightning/lnd_backend.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <thread>

#include "lightning/invoice_network.hpp"
#include "lightning/lnd_json.hpp"
#include "lightning/node_http.hpp"
#include "lightning/pushed_wait.hpp"
#include "lightning/secret_source.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"

namespace l402d::lightning {

namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

// The stream is quiet while no invoice changes; past this it is reopened.
constexpr milliseconds kStreamIdle(15 * 60'000);
constexpr milliseconds kStreamBatch(10);
// The client hands on at most 16 KiB at a time (one TLS record).
constexpr std::size_t kStreamFullPiece = 8 * 1024;

std::string macaroon_hex(const LndConfig& c) {
  auto secret = read_secret({"L402D_LND_MACAROON", c.macaroon_path, "the LND macaroon"});
  if (std::getenv("L402D_LND_MACAROON") && *std::getenv("L402D_LND_MACAROON")) {
    if (!from_hex(secret)) {
      throw BackendError(BackendErrorCode::unauthorized, "L402D_LND_MACAROON is not hex");
    }
    return secret;
  }
  return to_hex(ByteView(reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()));
}

net::AsyncHttpClientOptions client_options(const LndConfig& c) {
  net::AsyncHttpClientOptions o;
  o.pinned_cert_file = c.tls_cert_path.string();
  return o;
}

BackendErrorCode code_for(long status, std::string_view text) {
  if (status == 401 || status == 403 || text.find("macaroon") != std::string_view::npos ||
      text.find("verification failed") != std::string_view::npos ||
      text.find("permission denied") != std::string_view::npos)
    return BackendErrorCode::unauthorized;
  if (status >= 400 && status < 500) return BackendErrorCode::rejected;
  return BackendErrorCode::unavailable;
}

[[noreturn]] void fail(const net::HttpResponse& res, std::string_view what) {
  auto text = lnd::error_text(res.body);
  throw BackendError(code_for(res.status, text), "LND " + std::string(what) + ": HTTP " +
                                                     std::to_string(res.status) + ": " + text);
}

}  // namespace

LndBackend::LndBackend(LndConfig config, std::optional<bolt11::Network> network,
                       std::function<std::int64_t()> clock)
    : config_(std::move(config)),
      network_(network),
      macaroon_hex_(macaroon_hex(config_)),
      clock_(clock ? std::move(clock) : std::function<std::int64_t()>(unix_now)),
      client_(client_options(config_)),
      push_("lnd: the invoice subscription", [this] { return subscribe_once(); }) {}

LndBackend::~LndBackend() = default;

std::int64_t LndBackend::now() const {
  return clock_();
}

net::HttpRequest LndBackend::request(std::string method, std::string path, std::string body) const {
  return node_request(std::move(method), config_.host + path,
                      {"Grpc-Metadata-macaroon", macaroon_hex_}, std::move(body),
                      "application/json", config_.timeout);
}

asio::awaitable<net::HttpResponse> LndBackend::call(net::HttpRequest r) {
  return call_node(client_, std::move(r), "LND");
}

asio::awaitable<NodeInfo> LndBackend::async_node_info() {
  auto res = co_await call(request("GET", "/v1/getinfo"));
  if (res.status == 200) co_return lnd::parse_getinfo(res.body);
  // A valid macaroon without info:read (LND's invoice.macaroon) is refused
  // with exactly this text; a forged or foreign one fails verification.
  if (lnd::error_text(res.body) != "permission denied") fail(res, "getinfo");
  // Proves the node is reachable and the macaroon reads invoices; throws
  // unauthorized when it does not.
  auto unknown = co_await async_lookup_invoice(Hash32{});
  if (unknown) throw BackendError(BackendErrorCode::unavailable, "LND knows the zero hash");
  co_return NodeInfo{.alias = "LND (invoice macaroon)", .pubkey = {}, .network = {}, .version = {}};
}

asio::awaitable<CreatedInvoice> LndBackend::async_create_invoice(CreateInvoiceRequest r) {
  if (r.amount_msat == 0) throw BackendError(BackendErrorCode::rejected, "a zero amount");
  if (r.description.size() > kMaxMemoBytes) {
    throw BackendError(BackendErrorCode::rejected, "a memo longer than LND takes");
  }
  auto res = co_await call(request("POST", "/v1/invoices", lnd::add_invoice_body(r)));
  if (res.status != 200) fail(res, "addinvoice");
  auto created = lnd::parse_add_invoice(res.body, now(), r.expiry_seconds);
  require_invoice_network(created.bolt11, network_, "LND");
  co_return created;
}

asio::awaitable<std::optional<InvoiceStatus>> LndBackend::async_lookup_invoice(Hash32 hash) {
  auto query = lnd::base64url(hash);
  // '=' is percent-encoded: the query value is parsed as form data.
  for (auto pos = query.find('='); pos != std::string::npos; pos = query.find('=', pos))
    query.replace(pos, 1, "%3D");
  auto res = co_await call(request("GET", "/v2/invoices/lookup?payment_hash=" + query));
  if (res.status == 404 ||
      lnd::error_text(res.body).find("unable to locate invoice") != std::string::npos) {
    co_return std::nullopt;
  }
  if (res.status != 200) fail(res, "lookupinvoice");
  boost::system::error_code ec;
  auto v = boost::json::parse(res.body, ec);
  if (ec || !v.is_object()) fail(res, "lookupinvoice");
  co_return lnd::parse_invoice(v.as_object(), now());
}

asio::awaitable<std::optional<InvoiceStatus>> LndBackend::async_wait_invoice(Hash32 hash,
                                                                             milliseconds timeout) {
  return wait_pushed(
      waiters_, [this](Hash32 h) { return async_lookup_invoice(h); }, hash, timeout);
}

asio::awaitable<void> LndBackend::subscribe_once() {
  std::string path = "/v1/invoices/subscribe";
  if (auto index = settle_index_.load()) path += "?settle_index=" + std::to_string(index);
  auto r = request("GET", path);
  r.timeout = kStreamIdle;
  std::string pending;
  std::optional<std::string> stream_error;
  auto head = co_await client_.stream(std::move(r), [&](std::string_view piece) {
    pending.append(piece);
    std::size_t start = 0;
    for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n', start)) {
      on_stream_line(std::string_view(pending).substr(start, nl - start));
      start = nl + 1;
    }
    pending.erase(0, start);
    // The stream carries every invoice the node makes, so under a flood of
    // challenges it would wake this thread once per invoice. Pausing after a
    // short piece lets the kernel gather the next ones: one wake-up reads
    // many, for at most kStreamBatch of extra delay on a settlement. A full
    // piece means more is waiting, so the reader goes on at once rather than
    // fall behind the node. Only this thread sleeps.
    if (piece.size() < kStreamFullPiece) std::this_thread::sleep_for(kStreamBatch);
    return true;
  });
  if (head.status != 200) {
    throw BackendError(code_for(head.status, ""), "subscribe: HTTP " + std::to_string(head.status));
  }
}

void LndBackend::on_stream_line(std::string_view line) {
  // Most lines are invoices just made (OPEN): skip them without parsing. A
  // line that mentions neither SETTLED nor an error cannot be either.
  if (line.find("SETTLED") == std::string_view::npos &&
      line.find("\"error\"") == std::string_view::npos)
    return;
  boost::system::error_code ec;
  auto v = boost::json::parse(line, ec);
  if (ec || !v.is_object()) return;
  const auto* result = v.as_object().if_contains("result");
  if (!result || !result->is_object()) {
    if (v.as_object().contains("error")) {
      throw BackendError(BackendErrorCode::unavailable, lnd::error_text(std::string(line)));
    }
    return;
  }
  const auto& invoice = result->as_object();
  auto status = lnd::parse_invoice(invoice, now());
  auto hash = lnd::invoice_hash(invoice);
  if (!hash || status.state != InvoiceState::settled) return;
  if (const auto* idx = invoice.if_contains("settle_index"); idx && idx->is_string()) {
    const auto n = std::stoull(std::string(idx->as_string()));
    if (n > settle_index_.load()) settle_index_.store(n);
  }
  waiters_.notify(*hash, status);
}

}  // namespace l402d::lightning
