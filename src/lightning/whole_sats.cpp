#include "lightning/whole_sats.hpp"

#include <string>

#include "lightning/backend.hpp"

namespace l402d::lightning {

std::uint64_t whole_sats(std::uint64_t amount_msat, std::string_view node) {
  if (amount_msat == 0) throw BackendError(BackendErrorCode::rejected, "a zero amount");
  if (amount_msat % 1000 != 0) {
    throw BackendError(BackendErrorCode::rejected,
                       std::string(node) + " takes whole satoshis and " +
                           std::to_string(amount_msat) +
                           " msat is not; l402d does not round prices (set a whole-sat price)");
  }
  return amount_msat / 1000;
}

}  // namespace l402d::lightning
