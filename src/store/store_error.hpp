#pragma once

// The one exception type the store throws for database failures. Callers switch
// on the kind, not on a backend's codes: `unavailable` is worth a 503 and a
// retry, the others are not. Messages name the database and the reason, never a
// bound value (root keys, preimages and results pass through the store).

#include <stdexcept>
#include <string>
#include <string_view>

namespace l402d::store {

class StoreError : public std::runtime_error {
 public:
  enum class Kind {
    unavailable,  // busy, locked, I/O error, disk full, cannot open, read-only
    corrupt,      // a row or file the store cannot have written
    constraint,   // a uniqueness or check constraint refused the write
    other,        // anything else, e.g. a database newer than this binary
  };

  StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

std::string_view to_string(StoreError::Kind kind);

}  // namespace l402d::store
