#include "bolt11/codec.hpp"

namespace l402d::bolt11 {

std::string_view to_string(DecodeError e) {
  switch (e) {
    case DecodeError::too_long:
      return "too_long";
    case DecodeError::bad_bech32:
      return "bad_bech32";
    case DecodeError::bad_checksum:
      return "bad_checksum";
    case DecodeError::unknown_network:
      return "unknown_network";
    case DecodeError::bad_amount:
      return "bad_amount";
    case DecodeError::too_short:
      return "too_short";
    case DecodeError::bad_field:
      return "bad_field";
    case DecodeError::missing_payment_hash:
      return "missing_payment_hash";
    case DecodeError::missing_payment_secret:
      return "missing_payment_secret";
    case DecodeError::bad_description:
      return "bad_description";
    case DecodeError::unknown_required_feature:
      return "unknown_required_feature";
    case DecodeError::bad_signature:
      return "bad_signature";
    case DecodeError::unrecoverable_signature:
      return "unrecoverable_signature";
  }
  return "unknown";
}

std::string_view hrp_prefix(Network network) {
  switch (network) {
    case Network::mainnet:
      return "lnbc";
    case Network::testnet:
      return "lntb";
    case Network::signet:
      return "lntbs";
    case Network::regtest:
      return "lnbcrt";
  }
  return "lnbc";
}

bool is_known_feature(std::uint16_t bit) {
  // BOLT 9 features whose context includes 9 (invoices): var_onion_optin,
  // payment_secret, basic_mpp, option_route_blinding, option_attribution_data,
  // option_payment_metadata. Paying is the backend's job; knowing them only means we
  // do not refuse invoices that every current node writes.
  switch (bit & ~1u) {
    case 8:
    case 14:
    case 16:
    case 24:
    case 36:
    case 48:
      return true;
    default:
      return false;
  }
}

}  // namespace l402d::bolt11
