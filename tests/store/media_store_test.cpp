#include "store/media_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace l402d::store {
namespace {

namespace fs = std::filesystem;

class MediaStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("l402d-media-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(MediaStoreTest, PutWritesAPrivateFileUnderAnUnguessableName) {
  MediaStore m(dir_ / "media", std::chrono::hours(1));
  Bytes data{1, 2, 3};
  auto name = m.put(data, "mp3");
  EXPECT_TRUE(MediaStore::valid_name(name));
  EXPECT_EQ(name.size(), 36U);  // 32 hex + ".mp3"
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "media" / name).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  ASSERT_EQ(::stat((dir_ / "media").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700U);
  std::set<std::string> names;
  for (int i = 0; i < 50; ++i)
    names.insert(m.put(data, "wav"));
  EXPECT_EQ(names.size(), 50U);
}

TEST_F(MediaStoreTest, FindHonoursRetention) {
  MediaStore m(dir_, std::chrono::seconds(100));
  auto name = m.put(Bytes{9}, "mp3");
  auto now = static_cast<std::int64_t>(::time(nullptr));
  EXPECT_EQ(m.find(name, now).state, MediaStore::Lookup::found);
  EXPECT_EQ(m.find(name, now + 101).state, MediaStore::Lookup::expired);
  EXPECT_EQ(m.purge(now + 101), 1U);
  EXPECT_EQ(m.find(name, now).state, MediaStore::Lookup::missing);
}

// Issue 21: a write cut short (kill -9, a full disk before the fix) left its
// ".tmp" forever. The purge removes such leftovers once they are clearly
// nobody's, and nothing else of the directory.
TEST_F(MediaStoreTest, ThePurgeRemovesWhatCutShortWritesLeftBehind) {
  MediaStore m(dir_, std::chrono::hours(24));
  const auto kept = m.put(Bytes{9}, "mp3");
  const std::string stem = "0123456789abcdef0123456789abcdef.mp3";
  for (const auto& name : {stem + ".tmp", "." + stem + ".0011223344556677.part"})
    std::ofstream(dir_ / name) << "half";
  std::ofstream(dir_ / "notes.tmp") << "the seller's";
  auto now = static_cast<std::int64_t>(::time(nullptr));
  m.purge(now);
  EXPECT_TRUE(fs::exists(dir_ / (stem + ".tmp"))) << "a write in progress is left alone";
  m.purge(now + 3600);
  EXPECT_FALSE(fs::exists(dir_ / (stem + ".tmp")));
  EXPECT_FALSE(fs::exists(dir_ / ("." + stem + ".0011223344556677.part")));
  EXPECT_TRUE(fs::exists(dir_ / "notes.tmp"));
  EXPECT_TRUE(fs::exists(dir_ / kept));
}

TEST_F(MediaStoreTest, RejectsNamesItCouldNotHaveMade) {
  MediaStore m(dir_, std::chrono::hours(1));
  std::ofstream(dir_ / "secret.txt") << "x";
  auto now = static_cast<std::int64_t>(::time(nullptr));
  for (const char* bad : {"secret.txt", "../etc/passwd", "0123456789abcdef0123456789abcdef.exe",
                          "0123456789ABCDEF0123456789abcdef.mp3", "", ".mp3"}) {
    EXPECT_FALSE(MediaStore::valid_name(bad)) << bad;
    EXPECT_EQ(m.find(bad, now).state, MediaStore::Lookup::missing) << bad;
  }
}

TEST_F(MediaStoreTest, ContentTypes) {
  EXPECT_EQ(MediaStore::content_type_for("a.mp3"), "audio/mpeg");
  EXPECT_EQ(MediaStore::content_type_for("a.wav"), "audio/wav");
  EXPECT_EQ(MediaStore::content_type_for("a.pcm"), "application/octet-stream");
}

// A SharedMedia in memory, as the database would keep it.
class MemoryMedia : public SharedMedia {
 public:
  void put(std::string_view name, ByteView body, std::int64_t written_at) override {
    rows[std::string(name)] = {Bytes(body.begin(), body.end()), written_at};
  }
  std::optional<std::int64_t> copy_to(std::string_view name, std::ostream& out) override {
    if (fail) throw std::runtime_error("database gone");
    auto it = rows.find(std::string(name));
    if (it == rows.end()) return std::nullopt;
    out.write(reinterpret_cast<const char*>(it->second.first.data()),
              static_cast<std::streamsize>(it->second.first.size()));
    return it->second.second;
  }
  std::size_t purge(std::int64_t before) override {
    return std::erase_if(rows, [&](const auto& row) { return row.second.second < before; });
  }
  std::map<std::string, std::pair<Bytes, std::int64_t>> rows;
  bool fail = false;
};

TEST_F(MediaStoreTest, AFileMadeAtOneInstanceIsCopiedFromTheDatabaseAtAnother) {
  MemoryMedia db;
  MediaStore here(dir_ / "a", std::chrono::seconds(100), &db);
  MediaStore there(dir_ / "b", std::chrono::seconds(100), &db);
  const Bytes song{'R', 'I', 'F', 'F', 1, 2, 3};
  const auto name = here.put(song, "wav");
  ASSERT_EQ(db.rows.count(name), 1u);
  const auto written_at = db.rows[name].second;
  EXPECT_FALSE(fs::exists(dir_ / "b" / name));
  const auto found = there.find(name, written_at + 5);
  ASSERT_EQ(found.state, MediaStore::Lookup::found);
  EXPECT_EQ(found.written_at, written_at) << "the copy keeps the original's time";
  std::ifstream in(found.path, std::ios::binary);
  EXPECT_EQ(Bytes(std::istreambuf_iterator<char>(in), {}), song);
  EXPECT_EQ(there.find(name, written_at + 100).state, MediaStore::Lookup::expired);
  EXPECT_EQ(there.find("0123456789abcdef0123456789abcdef.wav", 1).state,
            MediaStore::Lookup::missing);
  // Each instance purges its own files and the shared rows.
  EXPECT_EQ(there.purge(written_at + 100), 2u);
  EXPECT_TRUE(db.rows.empty());
}

TEST_F(MediaStoreTest, AFailedCopyLeavesNoPartialFileAndIsAnError) {
  MemoryMedia db;
  MediaStore here(dir_ / "a", std::chrono::seconds(100), &db);
  MediaStore there(dir_ / "b", std::chrono::seconds(100), &db);
  const auto name = here.put(Bytes{1, 2, 3}, "mp3");
  db.fail = true;
  EXPECT_THROW(there.find(name, 1), std::runtime_error);
  EXPECT_TRUE(fs::is_empty(dir_ / "b"));
  db.fail = false;
  EXPECT_EQ(there.find(name, db.rows[name].second).state, MediaStore::Lookup::found);
}

}  // namespace
}  // namespace l402d::store
