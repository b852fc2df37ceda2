#include "store/media_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>

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

}  // namespace
}  // namespace l402d::store
