#pragma once

// Generated media (songs) on disk, served back by URL. Names are 128 random
// bits in hex plus the extension, so a link can be shared but not guessed.
// Files live for `retention` after they are written, then they are gone (410).
// With a SharedMedia (instances on one database that share no directory),
// every file is written there too, and a file this instance lacks is copied
// from there into its folder when asked for, then served like its own.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "store/shared_media.hpp"
#include "util/bytes.hpp"

namespace l402d::store {

class MediaStore {
 public:
  // Creates `dir` (mode 0700) if needed. `shared` must outlive the store.
  MediaStore(std::filesystem::path dir, std::chrono::seconds retention,
             SharedMedia* shared = nullptr);

  // Writes durably (0600, fsync, rename) and returns the file's name "<id>.<ext>".
  std::string put(ByteView data, std::string_view extension);

  enum class Lookup { found, expired, missing };
  struct Found {
    Lookup state = Lookup::missing;
    std::filesystem::path path;
    std::int64_t written_at = 0;  // unix seconds
  };
  // Accepts only names this store could have made; anything else is missing.
  // May block on the database when the file is shared and not here yet.
  Found find(std::string_view name, std::int64_t now) const;
  bool may_block() const { return shared_ != nullptr; }

  // Deletes files older than the retention, and what writes cut short by a
  // crash left behind; returns how many files past retention it deleted.
  std::size_t purge(std::int64_t now);

  static bool valid_name(std::string_view name);
  static std::string_view content_type_for(std::string_view name);
  const std::filesystem::path& directory() const { return dir_; }

 private:
  Found find_here(std::string_view name, std::int64_t now) const;
  static bool leftover_of_a_write(std::string_view name, const std::filesystem::path& path,
                                  std::int64_t now);
  static constexpr std::int64_t kLeftoverSeconds = 3600;
  bool fetch_shared(const std::string& name) const;

  std::filesystem::path dir_;
  std::chrono::seconds retention_;
  SharedMedia* shared_;
};

}  // namespace l402d::store
