#pragma once

// Nodes whose APIs take whole satoshis (LNbits, Phoenixd). A price is never
// rounded: an amount that is not a multiple of 1000 msat is refused, so the
// buyer is never asked for more or less than the price the operator set.

#include <cstdint>
#include <string_view>

namespace l402d::lightning {

// amount_msat / 1000. Throws BackendError(rejected), naming `node`, for zero
// or an amount with a millisatoshi part.
std::uint64_t whole_sats(std::uint64_t amount_msat, std::string_view node);

}  // namespace l402d::lightning
