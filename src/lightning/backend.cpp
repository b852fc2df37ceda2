#include "lightning/backend.hpp"

#include <algorithm>
#include <thread>

namespace l402d::lightning {

std::string_view to_string(BackendErrorCode c) {
  switch (c) {
    case BackendErrorCode::unavailable:
      return "unavailable";
    case BackendErrorCode::rejected:
      return "rejected";
    case BackendErrorCode::timeout:
      return "timeout";
  }
  return "unknown";
}

bool Backend::wait_for_settlement(const Hash32& payment_hash, std::chrono::milliseconds timeout) {
  // A remote node is asked at most four times a second per waiter: often enough
  // for a person watching a QR code, rare enough not to load the node.
  constexpr std::chrono::milliseconds kPoll(250);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto status = lookup_invoice(payment_hash)) {
      if (status->state == InvoiceState::settled) return true;
      if (status->state != InvoiceState::open) return false;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(deadline - now, kPoll));
  }
}

}  // namespace l402d::lightning
