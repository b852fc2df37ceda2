#include "lightning/observed_backend.hpp"

#include <utility>

namespace l402d::lightning {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

ObservedBackend::ObservedBackend(Backend& inner, NodeCallObserver observe)
    : inner_(inner), observe_(std::move(observe)) {}

// `run` starts the inner call's coroutine; awaiting it here keeps the clock
// running across its suspension. By value: the frame outlives the caller's
// lambda, which is a temporary.
template <class Call>
auto ObservedBackend::timed(std::string_view call, Call run) -> decltype(run()) {
  const auto started = Clock::now();
  try {
    auto pending = run();
    auto result = co_await std::move(pending);
    observe_(call, "ok", Clock::now() - started);
    co_return result;
  } catch (const BackendError& e) {
    observe_(call, to_string(e.code()), Clock::now() - started);
    throw;
  }
}

boost::asio::awaitable<NodeInfo> ObservedBackend::async_node_info() {
  return timed("node_info", [this] { return inner_.async_node_info(); });
}

boost::asio::awaitable<CreatedInvoice> ObservedBackend::async_create_invoice(
    CreateInvoiceRequest request) {
  return timed("create_invoice", [this, request = std::move(request)]() mutable {
    return inner_.async_create_invoice(std::move(request));
  });
}

boost::asio::awaitable<std::optional<InvoiceStatus>> ObservedBackend::async_lookup_invoice(
    Hash32 payment_hash) {
  return timed("lookup_invoice",
               [this, payment_hash] { return inner_.async_lookup_invoice(payment_hash); });
}

boost::asio::awaitable<std::optional<InvoiceStatus>> ObservedBackend::async_wait_invoice(
    Hash32 payment_hash, std::chrono::milliseconds timeout) {
  return inner_.async_wait_invoice(payment_hash, timeout);
}

}  // namespace l402d::lightning
