// Faults around paid work, through the real binary: the data directory's disk
// filling up while a paid song is made. The disk is a small tmpfs mounted over
// the test's data directory (as root, which CI is); a filler file takes the
// room and gives it back.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <filesystem>
#include <vector>

#include "support/e2e_fixture.hpp"

namespace l402d::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const std::string kSong =
    R"({"prompt":"calm acoustic folk","lyrics":"[Verse]\nRiver runs slow under evening light","model":"Music Generation"})";

class Faults : public EndToEndTest {
 protected:
  void TearDown() override {
    server_.reset();
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    EndToEndTest::TearDown();
  }
  // A disk of its own for the data directory.
  bool mount_small_disk() {
    fs::create_directories(dir_);
    mounted_ = ::mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=48m,mode=0700") == 0;
    return mounted_;
  }
  // Takes all the disk's room but `leave` bytes.
  void fill_disk(off_t leave) {
    const auto path = filler();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    const std::vector<char> chunk(64 * 1024, 'x');
    off_t size = 0;
    for (;;) {
      const auto n = ::write(fd, chunk.data(), chunk.size());
      if (n <= 0) break;
      size += n;
    }
    ASSERT_EQ(errno, ENOSPC);
    ASSERT_EQ(::ftruncate(fd, size > leave ? size - leave : 0), 0);
    ::close(fd);
  }
  void free_disk() { fs::remove(filler()); }
  fs::path filler() const { return dir_ / "filler"; }

  // Starts the server on its small disk and buys a song, not yet fetched.
  std::string start_and_pay() {
    start();
    auto challenge = post("/api/l402/music", kSong);
    EXPECT_EQ(challenge.status, 402) << challenge.body;
    return pay(challenge);
  }
  net::HttpResponse paid_song(const std::string& auth) {
    return post("/api/l402/music", kSong, auth);
  }
  std::vector<std::string> leftovers() const {
    std::vector<std::string> found;
    for (const auto& e : fs::recursive_directory_iterator(dir_)) {
      const auto name = e.path().filename().string();
      if (name.ends_with(".tmp") || name.ends_with(".part")) found.push_back(name);
    }
    return found;
  }

  bool mounted_ = false;
};

// Issue 21: the song's half-written file stayed forever, the paid request was
// answered 500 "it was not charged" (it was), and the token stayed claimed
// for the lease's 327 s. Now: 503 with Retry-After saying the payment is kept,
// no partial file, and the same credential gets its song once there is room.
TEST_F(Faults, ADiskFullDuringAPaidSongKeepsThePaymentAndTheSongComesWhenThereIsRoom) {
  if (!mount_small_disk()) GTEST_SKIP() << "mounting a tmpfs needs root (CI runs as root)";
  const auto auth = start_and_pay();
  ASSERT_FALSE(HasFailure());

  // Room for the database's few pages, not for the song.
  fill_disk(96 * 1024);
  auto refused = paid_song(auth);
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_FALSE(refused.header("retry-after").empty());
  const auto error = json::parse(refused.body).at("error").as_object();
  EXPECT_EQ(error.at("code").as_string(), "storage_full") << refused.body;
  EXPECT_NE(std::string(error.at("message").as_string()).find("payment is kept"), std::string::npos)
      << refused.body;
  EXPECT_EQ(leftovers(), std::vector<std::string>{});

  free_disk();
  const auto started = std::chrono::steady_clock::now();
  auto served = paid_song(auth);
  ASSERT_EQ(served.status, 200) << served.body;
  const std::string url(json::parse(served.body).at("audioUrl").as_string());
  EXPECT_EQ(get(url.substr(url.find("/media/"))).status, 200);
  // Not after a lease: the failure was recorded, so the token was free again.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(200));
  EXPECT_EQ(get("/healthz").status, 200);
}

// With no room at all the store cannot record a claim: a paid request is
// answered 503 with Retry-After, nothing used up, and is served once there is
// room. A challenge writes nothing (invoices are derived, tokens recorded when
// first used), so it is still issued: its payment is honoured the same way.
TEST_F(Faults, AFullDiskDefersPaidRequestsUntilThereIsRoom) {
  if (!mount_small_disk()) GTEST_SKIP() << "mounting a tmpfs needs root (CI runs as root)";
  const auto auth = start_and_pay();
  ASSERT_FALSE(HasFailure());

  fill_disk(0);
  EXPECT_EQ(post("/api/l402/music", kSong).status, 402);
  auto deferred = paid_song(auth);
  EXPECT_EQ(deferred.status, 503) << deferred.body;
  EXPECT_FALSE(deferred.header("retry-after").empty());
  EXPECT_EQ(json::parse(deferred.body).at("error").at("code").as_string(), "store_unavailable")
      << deferred.body;
  EXPECT_EQ(get("/healthz").status, 200);

  free_disk();
  EXPECT_EQ(paid_song(auth).status, 200);
}

}  // namespace
}  // namespace l402d::testing
