#pragma once

// The web page's files (src/web/assets), compiled into the binary by a CMake
// step (cmake/EmbedAssets.cmake), so l402d needs no files at run time and
// cannot serve a page older or newer than itself.

#include <span>
#include <string_view>

namespace l402d::web {

struct EmbeddedAsset {
  std::string_view name;    // file name, e.g. "app.js"
  std::string_view bytes;   // the whole file
  std::string_view sha256;  // hex digest of bytes: the ETag
};

// Sorted by name.
std::span<const EmbeddedAsset> embedded_assets();

}  // namespace l402d::web
