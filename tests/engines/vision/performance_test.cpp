// Timings and memory for docs/vision.md. Printed as "[ figures  ]" lines;
// asserted only loosely (and not under sanitizers) so a busy CI host does not
// fail the suite.

#include <gtest/gtest.h>
#include <time.h>

#include <chrono>
#include <fstream>
#include <future>
#include <opencv2/imgproc.hpp>
#include <string>

#include "engines/vision/analyzer.hpp"
#include "vision_fixtures.hpp"

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

namespace l402d::engines::vision {
namespace {

using Clock = std::chrono::steady_clock;

// CPU time of the calling thread: an analysis runs entirely on it (OpenCV
// and Tesseract are single-threaded here), so this is its cost on one core
// whatever else the machine is running.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

long status_kb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::stol(line.substr(key.size()));
  return -1;
}

// ~1 MP: the astronaut photo scaled to 1200x840 with a paragraph of text on a panel.
cv::Mat photo_with_paragraph() {
  cv::Mat photo;
  cv::resize(testing::load_fixture("astronaut.jpg"), photo, cv::Size(1200, 840));
  const cv::Mat panel = testing::render_text(
      {"Bitcoin Lightning payments settle in", "seconds and cost a few satoshis, so a",
       "server can sell every single request."},
      560, 26);
  panel.copyTo(photo(cv::Rect(630, 560, panel.cols, panel.rows)));
  return photo;
}

template <class F>
double best_of(int runs, F&& f) {
  double best = 1e18;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    f();
    best = std::min(best, ms_since(t0));
  }
  return best;
}

TEST(Performance, WarmAnswerOnOneMegapixelPhotoWithText) {
  auto& an = testing::shared_analyzer();
  const Bytes jpg = testing::encode(photo_with_paragraph(), ".jpg");
  std::string answer;
  double cpu_ms = 1e9;
  const double ms = best_of(3, [&] {
    const double cpu0 = thread_cpu_ms();
    auto img = decode(jpg, an.options().limits);
    answer = an.answer(*img, "What's in this image?");
    cpu_ms = std::min(cpu_ms, thread_cpu_ms() - cpu0);
  });
  std::printf(
      "[ figures  ] 1200x840 JPEG with a paragraph, decode + describe: %.0f ms (%.0f ms CPU)\n", ms,
      cpu_ms);
  std::printf("[ answer   ] %s\n", answer.c_str());
  EXPECT_NE(answer.find("satoshis"), std::string::npos) << answer;
  // Issue 16 added the object and text detectors (~250 ms of one core;
  // target 600 ms for a description, measured by bench/vision). Judged on
  // CPU time: wall time on this shared machine swings with other builds.
  if (!kSanitized) {
    EXPECT_LT(cpu_ms, 900.0);
  }
}

TEST(Performance, TwelveMegapixelJpeg) {
  auto& an = testing::shared_analyzer();
  cv::Mat big;
  cv::resize(testing::load_fixture("coffee.jpg"), big, cv::Size(4000, 3000), 0, 0, cv::INTER_CUBIC);
  // Camera-like grain so the file is not unrealistically small.
  cv::Mat noise(big.size(), big.type());
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(6));
  big += noise;
  const Bytes jpg = testing::encode(big, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 92});
  double decode_ms = 0;
  const double ms = best_of(3, [&] {
    const auto t0 = Clock::now();
    auto img = decode(jpg, an.options().limits);
    decode_ms = ms_since(t0);
    (void)an.answer(*img, "What's in this image?");
  });
  std::printf("[ figures  ] 4000x3000 JPEG (%.1f MB), decode %.0f ms, decode + describe %.0f ms\n",
              jpg.size() / 1e6, decode_ms, ms);
  if (!kSanitized) {
    EXPECT_LT(ms, 3000.0);
  }
}

TEST(Performance, PeakRssUnderFourConcurrentRequests) {
  auto& an = testing::shared_analyzer();
  // Only the encoded files stay alive, as in a server holding request bodies.
  const Bytes jpg = [] {
    cv::Mat big;
    cv::resize(testing::load_fixture("astronaut.jpg"), big, cv::Size(4000, 3000));
    return testing::encode(big, ".jpg");
  }();
  const Bytes text = testing::encode(photo_with_paragraph(), ".png");
  // A server that has answered before: the networks' activation buffers
  // (~115 MB, allocated on their first forward pass) are already there.
  (void)an.answer(testing::as_decoded(photo_with_paragraph()), "Describe this image");
  const long before = status_kb("VmHWM:");
  std::vector<std::future<void>> jobs;
  for (int i = 0; i < 4; ++i)
    jobs.push_back(std::async(std::launch::async, [&, i] {
      auto img = decode(i % 2 == 0 ? jpg : text, an.options().limits);
      an.fit_for_analysis(*img);  // as BuiltinVisionEngine::answer does
      (void)an.answer(*img, "Describe this image");
    }));
  for (auto& j : jobs)
    j.get();
  const long after = status_kb("VmHWM:");
  std::printf(
      "[ figures  ] peak RSS of the test process: %.0f MB before, %.0f MB after 4 "
      "concurrent requests; %zu detector sets, %zu OCR instances\n",
      before / 1024.0, after / 1024.0, an.resources().detector_instances(),
      an.resources().ocr_instances());
  // VmHWM is the whole process's peak, which earlier tests in the same binary
  // may already have raised; run this test alone for the absolute figure
  // (--gtest_filter=Performance.PeakRss*). The growth is what requests cost.
  if (!kSanitized) {
    EXPECT_LT((after - before) / 1024.0, 300.0);
  }
}

}  // namespace
}  // namespace l402d::engines::vision

namespace l402d::engines::vision {
namespace {

TEST(Performance, PerAnalyserTimings) {
  auto& an = testing::shared_analyzer();
  const auto img = decode(testing::encode(photo_with_paragraph(), ".jpg"), {});
  const std::vector<std::pair<const char*, Needs>> stages = {
      {"faces", {true, false, false, false, false, false}},
      {"people", {false, true, false, false, false, false}},
      {"text", {false, false, true, false, false, false}},
      {"qr", {false, false, false, true, false, false}},
      {"colors", {false, false, false, false, true, false}},
      {"quality", {false, false, false, false, false, true}}};
  for (const auto& [name, needs] : stages) {
    const double ms = best_of(3, [&] { (void)an.analyze(*img, needs); });
    std::printf("[ figures  ] 1200x840 %s: %.1f ms\n", name, ms);
  }
}

}  // namespace
}  // namespace l402d::engines::vision
