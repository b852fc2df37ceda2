#include "lightning/dev_payments.hpp"

namespace l402d::lightning {

std::string_view to_string(SettleError e) {
  switch (e) {
    case SettleError::not_an_invoice:
      return "not_an_invoice";
    case SettleError::foreign:
      return "foreign_invoice";
    case SettleError::wrong_network:
      return "wrong_network";
    case SettleError::no_amount:
      return "no_amount";
    case SettleError::expired:
      return "invoice_expired";
    case SettleError::cancelled:
      return "invoice_cancelled";
  }
  return "unknown";
}

std::string_view describe(SettleError e) {
  switch (e) {
    case SettleError::not_an_invoice:
      return "This is not a BOLT11 invoice.";
    case SettleError::foreign:
      return "This invoice was not made by this server's development node; pay it with a real "
             "wallet.";
    case SettleError::wrong_network:
      return "The development node only pays regtest (lnbcrt) invoices.";
    case SettleError::no_amount:
      return "The invoice has no amount.";
    case SettleError::expired:
      return "The invoice has expired; request a new challenge.";
    case SettleError::cancelled:
      return "The invoice was cancelled; request a new challenge.";
  }
  return "Unknown error.";
}

}  // namespace l402d::lightning
