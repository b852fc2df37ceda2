#pragma once

// Generated media (songs) on disk, served back by URL. Names are 128 random
// bits in hex plus the extension, so a link can be shared but not guessed.
// Files live for `retention` after they are written, then they are gone (410).

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d::store {

class MediaStore {
 public:
  // Creates `dir` (mode 0700) if needed.
  MediaStore(std::filesystem::path dir, std::chrono::seconds retention);

  // Writes durably (0600, fsync, rename) and returns the file's name "<id>.<ext>".
  std::string put(ByteView data, std::string_view extension);

  enum class Lookup { found, expired, missing };
  struct Found {
    Lookup state = Lookup::missing;
    std::filesystem::path path;
    std::int64_t written_at = 0;  // unix seconds
  };
  // Accepts only names this store could have made; anything else is missing.
  Found find(std::string_view name, std::int64_t now) const;

  // Deletes files older than the retention; returns how many.
  std::size_t purge(std::int64_t now);

  static bool valid_name(std::string_view name);
  static std::string_view content_type_for(std::string_view name);
  const std::filesystem::path& directory() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::chrono::seconds retention_;
};

}  // namespace l402d::store
