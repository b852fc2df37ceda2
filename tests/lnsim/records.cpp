#include "lnsim/records.hpp"

namespace l402d::lnsim {

std::string_view to_string(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::settled:
      return "settled";
    case InvoiceStatus::expired:
      return "expired";
    case InvoiceStatus::open:
      break;
  }
  return "open";
}

std::string_view to_string(PaymentStatus status) {
  switch (status) {
    case PaymentStatus::succeeded:
      return "succeeded";
    case PaymentStatus::failed:
      return "failed";
    case PaymentStatus::in_flight:
      break;
  }
  return "in_flight";
}

std::string_view to_string(PaymentFailure failure) {
  switch (failure) {
    case PaymentFailure::no_route:
      return "no_route";
    case PaymentFailure::fee_limit:
      return "fee_limit";
    case PaymentFailure::insufficient_balance:
      return "insufficient_balance";
    case PaymentFailure::rejected:
      return "rejected";
    case PaymentFailure::self_payment:
      return "self_payment";
    case PaymentFailure::none:
      break;
  }
  return "none";
}

}  // namespace l402d::lnsim
