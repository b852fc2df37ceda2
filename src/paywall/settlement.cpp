#include "paywall/settlement.hpp"

#include "util/crypto.hpp"

namespace l402d::paywall {

Expected<Hash32, l402::VerifyError> Settlement::payment_hash_of(ByteView macaroon) const {
  auto token = verifier_.verify_issued(macaroon);
  if (!token) return unexpected(std::move(token.error()));
  return token->identifier.payment_hash;
}

boost::asio::awaitable<SettlementAnswer> Settlement::wait(Hash32 payment_hash,
                                                          std::chrono::milliseconds wait) const {
  using State = SettlementAnswer::State;
  SettlementAnswer answer;
  answer.payment_hash = payment_hash;
  auto status = co_await lightning_.async_wait_invoice(payment_hash, wait);
  if (!status) co_return answer;
  switch (status->state) {
    case lightning::InvoiceState::settled:
      // A settled invoice without a preimage we can check is reported open:
      // the buyer asks again rather than getting something unusable.
      if (status->preimage && sha256(ByteView(*status->preimage)) == payment_hash) {
        answer.state = State::settled;
        answer.preimage = status->preimage;
      } else {
        answer.state = State::open;
      }
      break;
    case lightning::InvoiceState::open:
      answer.state = State::open;
      break;
    case lightning::InvoiceState::expired:
      answer.state = State::expired;
      break;
    case lightning::InvoiceState::cancelled:
      answer.state = State::cancelled;
      break;
  }
  co_return answer;
}

}  // namespace l402d::paywall
