#pragma once

// Paying by QR from any wallet: a buyer whose phone paid the invoice never
// sees the preimage, yet needs it for the credential. Given the challenge's
// macaroon, this asks the node whether that invoice is paid (waiting a
// bounded time if not yet) and hands out the preimage once it is.
//
// It reveals nothing about an unpaid invoice or one this server did not
// sell: the macaroon must carry our signature and not be revoked, and a
// preimage is only ever the node's, checked against the payment hash. The
// wait costs a subscription slot at the backend (InvoiceWaiters), not a
// thread and not a call to the node per waiter.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>

#include "l402/verifier.hpp"
#include "lightning/backend.hpp"
#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::paywall {

struct SettlementAnswer {
  enum class State { settled, open, expired, cancelled, unknown };
  State state = State::unknown;
  Hash32 payment_hash{};
  std::optional<Hash32> preimage;  // settled only
};

class Settlement {
 public:
  Settlement(const l402::Verifier& verifier, lightning::Backend& lightning)
      : verifier_(verifier), lightning_(lightning) {}

  // The payment hash of a macaroon this server issued. May block when the
  // verifier does (verification_blocks()).
  Expected<Hash32, l402::VerifyError> payment_hash_of(ByteView macaroon) const;
  bool verification_blocks() const { return verifier_.may_block(); }

  // The invoice's state, waiting up to `wait` while it is open. Throws
  // lightning::BackendError.
  boost::asio::awaitable<SettlementAnswer> wait(Hash32 payment_hash,
                                                std::chrono::milliseconds wait) const;

 private:
  const l402::Verifier& verifier_;
  lightning::Backend& lightning_;
};

}  // namespace l402d::paywall
