#pragma once

// Media (songs) kept in the database, for instances that share no directory:
// MediaStore writes each file here as well as to its own folder, and copies
// one it does not have from here when it is asked for it.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d::store {

class SharedMedia {
 public:
  virtual ~SharedMedia() = default;
  virtual void put(std::string_view name, ByteView body, std::int64_t written_at) = 0;
  // Writes the body to `out` in pieces (memory bounded by a piece, not the
  // file) and answers when it was written; nothing when there is no such media.
  virtual std::optional<std::int64_t> copy_to(std::string_view name, std::ostream& out) = 0;
  // Deletes media written before `before`; returns how many.
  virtual std::size_t purge(std::int64_t before) = 0;
};

}  // namespace l402d::store
