#include "store/media_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>
#include <system_error>

#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "util/secret_file.hpp"

namespace l402d::store {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kIdHex = 32;
}

MediaStore::MediaStore(fs::path dir, std::chrono::seconds retention, SharedMedia* shared)
    : dir_(std::move(dir)), retention_(retention), shared_(shared) {
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
  const auto path = dir_ / name;
  write_file_durably(path, data);
  if (shared_) {
    try {
      shared_->put(name, data, find_here(name, 0).written_at);
    } catch (...) {
      // Not shareable, not handed out: the job fails and its token stays good.
      std::error_code ec;
      fs::remove(path, ec);
      throw;
    }
  }
  return name;
}

MediaStore::Found MediaStore::find(std::string_view name, std::int64_t now) const {
  if (!valid_name(name)) return {};
  Found f = find_here(name, now);
  if (f.state == Lookup::missing && shared_ && fetch_shared(std::string(name))) {
    f = find_here(name, now);
  }
  return f;
}

// Copied beside the final name and renamed, so a concurrent request never
// serves half a file; the copy keeps the original's time for the retention.
bool MediaStore::fetch_shared(const std::string& name) const {
  const auto part = dir_ / ("." + name + "." + to_hex(random_array<8>()) + ".part");
  std::optional<std::int64_t> written_at;
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    try {
      written_at = shared_->copy_to(name, out);
    } catch (...) {
      std::error_code ec;
      fs::remove(part, ec);
      throw;
    }
    out.close();
    if (!out || !written_at) {
      std::error_code ec;
      fs::remove(part, ec);
      if (!written_at) return false;
      throw std::runtime_error("cannot write media file " + part.string());
    }
  }
  const timespec times[2] = {{*written_at, 0}, {*written_at, 0}};
  ::utimensat(AT_FDCWD, part.c_str(), times, 0);
  ::chmod(part.c_str(), 0600);
  fs::rename(part, dir_ / name);
  return true;
}

// A write cut short by a crash leaves "<name>.tmp" (our own write) or
// ".<name>.<random>.part" (a copy from the shared store). A write takes
// seconds, so one an hour old is nobody's.
bool MediaStore::leftover_of_a_write(std::string_view name, const fs::path& path,
                                     std::int64_t now) {
  const bool ours = name.ends_with(".tmp") && valid_name(name.substr(0, name.size() - 4));
  const bool copy = name.starts_with('.') && name.ends_with(".part");
  if (!ours && !copy) return false;
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && now - st.st_mtim.tv_sec >= kLeftoverSeconds;
}

MediaStore::Found MediaStore::find_here(std::string_view name, std::int64_t now) const {
  Found f;
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
    if (leftover_of_a_write(name, entry.path(), now)) {
      fs::remove(entry.path(), ec);
      continue;
    }
    if (!valid_name(name)) continue;
    if (find_here(name, now).state == Lookup::expired && fs::remove(entry.path(), ec)) ++removed;
  }
  // Every instance purges the shared rows too; two deleting one row is harmless.
  if (shared_) removed += shared_->purge(now - retention_.count() + 1);
  return removed;
}

}  // namespace l402d::store
