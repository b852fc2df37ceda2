#include "store/state_names.hpp"

namespace l402d::store {

std::string_view to_string(InvoiceState s) {
  switch (s) {
    case InvoiceState::open:
      return "open";
    case InvoiceState::settled:
      return "settled";
    case InvoiceState::expired:
      return "expired";
    case InvoiceState::cancelled:
      return "cancelled";
  }
  return "unknown";
}

std::string_view to_string(TokenState s) {
  switch (s) {
    case TokenState::issued:
      return "issued";
    case TokenState::paid:
      return "paid";
    case TokenState::in_progress:
      return "in_progress";
    case TokenState::redeemed:
      return "redeemed";
    case TokenState::failed:
      return "failed";
  }
  return "unknown";
}

std::string_view to_string(CallbackState s) {
  switch (s) {
    case CallbackState::none:
      return "none";
    case CallbackState::pending:
      return "pending";
    case CallbackState::delivered:
      return "delivered";
    case CallbackState::gave_up:
      return "gave_up";
  }
  return "unknown";
}

std::optional<InvoiceState> invoice_state_from_string(std::string_view s) {
  for (auto v : {InvoiceState::open, InvoiceState::settled, InvoiceState::expired,
                 InvoiceState::cancelled}) {
    if (to_string(v) == s) return v;
  }
  return std::nullopt;
}

std::optional<TokenState> token_state_from_string(std::string_view s) {
  for (auto v : {TokenState::issued, TokenState::paid, TokenState::in_progress,
                 TokenState::redeemed, TokenState::failed}) {
    if (to_string(v) == s) return v;
  }
  return std::nullopt;
}

std::optional<CallbackState> callback_state_from_string(std::string_view s) {
  for (auto v : {CallbackState::none, CallbackState::pending, CallbackState::delivered,
                 CallbackState::gave_up}) {
    if (to_string(v) == s) return v;
  }
  return std::nullopt;
}

}  // namespace l402d::store
