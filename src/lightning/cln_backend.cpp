#include "lightning/cln_backend.hpp"

#include <boost/json/object.hpp>

#include "lightning/cln_json.hpp"
#include "lightning/node_http.hpp"
#include "lightning/node_json.hpp"
#include "lightning/pushed_wait.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lightning {

namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

constexpr std::string_view kNode = "Core Lightning";
// waitanyinvoice's timeout for "answer now, 904 if nothing is paid after n".
constexpr seconds kAtOnce{0};

net::AsyncHttpClient make_client(const ClnConfig& c) {
  net::AsyncHttpClientOptions o;
  o.ca_file = c.tls_ca_path.string();
  o.pinned_cert_file = c.tls_cert_path.string();
  try {
    return net::AsyncHttpClient(o);
  } catch (const net::HttpError& e) {
    throw BackendError(BackendErrorCode::unavailable, std::string(kNode) + ": " + e.what());
  }
}

// RPC errors that are about the request (bad params; 900-999: the invoice
// commands' own, e.g. 900 label exists) rather than the node's state.
bool refuses_request(std::int64_t code) {
  return code == -32602 || code == -32600 || (code >= 900 && code < 1000);
}

BackendErrorCode code_for(long status, const cln::RpcError& error) {
  // clnrest answers a missing rune 403 and one checkrune refuses 401.
  if (status == 401 || status == 403) return BackendErrorCode::unauthorized;
  if (status == 500) {
    return error.code && refuses_request(*error.code) ? BackendErrorCode::rejected
                                                      : BackendErrorCode::unavailable;
  }
  // 404: no such method (a plugin missing); 405, 406: a request we got wrong.
  if (status >= 400 && status < 500 && status != 404) return BackendErrorCode::rejected;
  return BackendErrorCode::unavailable;
}

[[noreturn]] void fail(const net::HttpResponse& res, std::string_view what, std::string_view rune) {
  const auto error = cln::parse_error(res.body);
  std::string message =
      std::string(kNode) + " " + std::string(what) + ": HTTP " + std::to_string(res.status);
  if (error.code) message += " (code " + std::to_string(*error.code) + ")";
  throw BackendError(code_for(res.status, error), message + ": " + redact(error.message, rune));
}

// Labels must be unique per node and the payment hash is not known before
// the call: 64 random bits, so that restarts and several l402d instances on
// one node never collide.
std::string fresh_label() {
  return "l402-" + to_hex(ByteView(random_array<8>()));
}

}  // namespace

ClnBackend::ClnBackend(ClnConfig config, std::function<std::int64_t()> clock)
    : config_(std::move(config)),
      rune_(read_token({"L402D_CLN_RUNE", config_.rune_path, "the Core Lightning rune"})),
      clock_(clock ? std::move(clock) : std::function<std::int64_t()>(unix_now)),
      client_(make_client(config_)),
      push_("cln: waitanyinvoice", [this] { return watch_payments(); }) {}

ClnBackend::~ClnBackend() = default;

net::HttpRequest ClnBackend::rpc(std::string_view method, std::string params,
                                 milliseconds timeout) const {
  return node_request("POST", config_.host + "/v1/" + std::string(method), {"Rune", rune_},
                      std::move(params), "application/json", timeout);
}

asio::awaitable<NodeInfo> ClnBackend::async_node_info() {
  auto r = rpc("getinfo", "{}", config_.timeout);
  auto res = co_await call_node(client_, std::move(r), kNode);
  if (res.status != 201) fail(res, "getinfo", rune_);
  co_return cln::parse_getinfo(res.body);
}

asio::awaitable<CreatedInvoice> ClnBackend::async_create_invoice(CreateInvoiceRequest r) {
  if (r.amount_msat == 0) throw BackendError(BackendErrorCode::rejected, "a zero amount");
  if (r.description.size() > kMaxDescriptionBytes) {
    throw BackendError(BackendErrorCode::rejected,
                       "a description over the 639 bytes Core Lightning takes");
  }
  auto call = rpc("invoice", cln::invoice_params(r, fresh_label()), config_.timeout);
  auto res = co_await call_node(client_, std::move(call), kNode);
  if (res.status != 201) fail(res, "invoice", rune_);
  co_return cln::parse_created(res.body);
}

asio::awaitable<std::optional<InvoiceStatus>> ClnBackend::async_lookup_invoice(Hash32 hash) {
  auto r = rpc("listinvoices", cln::listinvoices_params(hash), config_.timeout);
  auto res = co_await call_node(client_, std::move(r), kNode);
  if (res.status != 201) fail(res, "listinvoices", rune_);
  co_return cln::parse_listed(res.body, clock_());
}

asio::awaitable<std::optional<InvoiceStatus>> ClnBackend::async_wait_invoice(Hash32 hash,
                                                                             milliseconds timeout) {
  InvoiceLookup lookup = [this](Hash32 h) { return async_lookup_invoice(h); };
  co_return co_await wait_pushed(waiters_, lookup, hash, timeout);
}

asio::awaitable<std::optional<json::object>> ClnBackend::wait_any(std::uint64_t lastpay_index,
                                                                  seconds wait) {
  auto params = cln::waitanyinvoice_params(lastpay_index, static_cast<std::uint64_t>(wait.count()));
  // The node holds the answer for up to `wait`; the call's own timeout comes on top.
  const auto timeout = std::chrono::duration_cast<milliseconds>(wait) + config_.timeout;
  auto r = rpc("waitanyinvoice", std::move(params), timeout);
  auto res = co_await call_node(client_, std::move(r), kNode);
  if (res.status == 201) co_return node_json::parse_object(res.body, kNode);
  if (res.status == 500 && cln::parse_error(res.body).code == cln::kWaitTimedOut) {
    co_return std::nullopt;
  }
  fail(res, "waitanyinvoice", rune_);
}

// The highest pay_index the node has given out, so that the loop starts after
// it instead of replaying every invoice ever paid. waitanyinvoice with
// timeout 0 answers at once with the next invoice paid after n, or 904 when
// there is none: doubling, then bisecting, finds it in about 2·log2(payments)
// calls, with nothing but the rune's waitanyinvoice permission and without
// listing the node's invoices.
asio::awaitable<std::uint64_t> ClnBackend::current_pay_index() {
  std::uint64_t low = 0;              // a pay_index that exists, or 0
  std::optional<std::uint64_t> high;  // nothing is paid after it
  while (!high || low < *high) {
    const auto probe = high ? low + (*high - low) / 2 : std::max<std::uint64_t>(1, low * 2);
    auto paid = co_await wait_any(probe, kAtOnce);
    if (!paid) {
      high = probe;
      continue;
    }
    const auto index = cln::pay_index(*paid);
    if (!index || *index <= probe) {
      throw BackendError(BackendErrorCode::unavailable,
                         "Core Lightning: waitanyinvoice answered without a later pay_index");
    }
    low = *index;
  }
  co_return low;
}

asio::awaitable<void> ClnBackend::watch_payments() {
  if (!pay_index_) pay_index_ = co_await current_pay_index();
  for (;;) {
    auto paid = co_await wait_any(*pay_index_, kLongPoll);
    if (paid) on_paid(*paid);  // else 904: nothing paid within the poll
  }
}

void ClnBackend::on_paid(const json::object& invoice) {
  const auto index = cln::pay_index(invoice);
  if (!index || *index <= *pay_index_) {
    // Asking again with the same index would spin on the same answer.
    throw BackendError(BackendErrorCode::unavailable,
                       "Core Lightning: waitanyinvoice answered without a later pay_index");
  }
  pay_index_ = *index;
  const auto hash = cln::invoice_hash(invoice);
  auto status = cln::parse_invoice(invoice, clock_());
  if (hash && status.state != InvoiceState::open) waiters_.notify(*hash, status);
}

}  // namespace l402d::lightning
