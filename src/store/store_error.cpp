#include "store/store_error.hpp"

namespace l402d::store {

std::string_view to_string(StoreError::Kind kind) {
  switch (kind) {
    case StoreError::Kind::unavailable:
      return "unavailable";
    case StoreError::Kind::corrupt:
      return "corrupt";
    case StoreError::Kind::constraint:
      return "constraint";
    case StoreError::Kind::other:
      return "other";
  }
  return "unknown";
}

}  // namespace l402d::store
