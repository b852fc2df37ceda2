#pragma once

// A wallet's network, asked of the node once per process (getinfo) and
// remembered, whether the node answered or not: a second question would only
// slow every payment down without changing what is checked.

#include <functional>
#include <optional>

#include "bolt11/invoice.hpp"

namespace l402d::client {

class NetworkCache {
 public:
  using Ask = std::function<std::optional<bolt11::Network>()>;

  std::optional<bolt11::Network> get(const Ask& ask) const {
    if (!asked_) {
      network_ = ask();
      asked_ = true;
    }
    return network_;
  }

 private:
  mutable bool asked_ = false;
  mutable std::optional<bolt11::Network> network_;
};

}  // namespace l402d::client
