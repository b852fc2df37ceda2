#pragma once

// The check every backend passes before l402d serves anything: the node
// answers, accepts our credentials, and is on the network the configuration
// names. A mainnet node under a regtest configuration (or the reverse) would
// sell for real money what the operator meant to test, or the other way round.

#include <optional>

#include "bolt11/invoice.hpp"
#include "lightning/backend.hpp"

namespace l402d::lightning {

// Blocks until the node answers (bounded by the backend's own timeouts).
// Throws BackendError: unavailable, unauthorized, or wrong_network with a
// message that names both networks. A node whose API does not say its
// network (LNbits) passes on the network check.
NodeInfo check_node(Backend& backend, std::optional<bolt11::Network> expected);

}  // namespace l402d::lightning
