#include "lightning/node_check.hpp"

#include "bolt11/network_name.hpp"
#include "util/run_blocking.hpp"

namespace l402d::lightning {

NodeInfo check_node(Backend& backend, std::optional<bolt11::Network> expected) {
  auto info = run_blocking(backend.async_node_info());
  if (expected && info.network && *info.network != *expected) {
    throw BackendError(BackendErrorCode::wrong_network,
                       "the " + backend.name() + " node is on " +
                           std::string(bolt11::network_name(*info.network)) +
                           " but lightning.network says " +
                           std::string(bolt11::network_name(*expected)) +
                           "; refusing to start. Point l402d at the right node or correct "
                           "lightning.network.");
  }
  return info;
}

}  // namespace l402d::lightning
