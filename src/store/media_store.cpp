#include "store/media_store.hpp"

#include <sys/stat.h>

#include <system_error>

#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/secret_file.hpp"

namespace l402d::store {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kIdHex = 32;
}

MediaStore::MediaStore(fs::path dir, std::chrono::seconds retention)
    : dir_(std::move(dir)), retention_(retention) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec)
    throw std::runtime_error("cannot create media directory " + dir_.string() + ": " +
                             ec.message());
  fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace, ec);
}

bool MediaStore::valid_name(std::string_view name) {
  auto dot = name.find('.');
  if (dot != kIdHex) return false;
  for (char c : name.substr(0, dot)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  auto ext = name.substr(dot + 1);
  return ext == "mp3" || ext == "wav" || ext == "pcm";
}

std::string_view MediaStore::content_type_for(std::string_view name) {
  if (name.ends_with(".mp3")) return "audio/mpeg";
  if (name.ends_with(".wav")) return "audio/wav";
  return "application/octet-stream";
}

std::string MediaStore::put(ByteView data, std::string_view extension) {
  auto id = random_array<kIdHex / 2>();
  std::string name = to_hex(id) + "." + std::string(extension);
  write_file_durably(dir_ / name, data);
  return name;
}

MediaStore::Found MediaStore::find(std::string_view name, std::int64_t now) const {
  Found f;
  if (!valid_name(name)) return f;
  auto path = dir_ / std::string(name);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return f;
  f.path = path;
  f.written_at = st.st_mtim.tv_sec;
  f.state = now - f.written_at >= retention_.count() ? Lookup::expired : Lookup::found;
  return f;
}

std::size_t MediaStore::purge(std::int64_t now) {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    auto name = entry.path().filename().string();
    if (!valid_name(name)) continue;
    if (find(name, now).state == Lookup::expired && fs::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

}  // namespace l402d::store
