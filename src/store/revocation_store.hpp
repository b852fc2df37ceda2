#pragma once

// The durable deny list of the derived-key scheme. The protocol layer asks only
// for l402::RevocationList; revoked_since is what lets RevocationCache keep a
// copy in memory and fetch only what is new instead of the whole list.

#include <cstdint>
#include <vector>

#include "l402/key_store.hpp"
#include "util/bytes.hpp"

namespace l402d::store {

struct RevocationBatch {
  std::vector<Hash32> token_ids;  // in the order they were revoked
  // Pass it to the next revoked_since; it does not move when nothing is new.
  std::int64_t cursor = 0;
};

class RevocationStore : public l402::RevocationList {
 public:
  // Revocations committed after `cursor`; 0 gives every one. Each revoke of a
  // new id takes the next sequence number when it commits, so a reader that
  // saw sequence N has seen every revocation before it.
  virtual RevocationBatch revoked_since(std::int64_t cursor) = 0;
};

}  // namespace l402d::store
