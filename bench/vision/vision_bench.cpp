// Issue 4's speed and memory figures for the builtin vision engine, warm
// (models loaded), one request at a time on one core unless stated:
//   - a ~1 MP photo with a paragraph of text: target <= 300 ms per answer
//   - a 12 MP JPEG: target <= 1 s
//   - peak RSS with 4 concurrent requests: target <= 400 MB (counter peak_rss_mb)
// and issue 16's, with the object and text detectors:
//   - a 1 MP photo, "What objects are in this image?": target <= 200 ms
//   - a 1 MP photo, "Describe this image": target <= 600 ms

#include <benchmark/benchmark.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <thread>
#include <vector>

#include "engines/vision/builtin_engine.hpp"
#include "engines/vision/openmp.hpp"
#include "support/peak_rss.hpp"

namespace {

using namespace l402d;

cv::Mat load(const std::string& name) {
  return cv::imread(std::string(L402D_TEST_DATA) + "/vision/" + name, cv::IMREAD_COLOR);
}

Bytes jpeg(const cv::Mat& m) {
  std::vector<std::uint8_t> out;
  cv::imencode(".jpg", m, out, {cv::IMWRITE_JPEG_QUALITY, 90});
  return Bytes(out.begin(), out.end());
}

// The astronaut at 1200x840 with three lines of text on a white panel.
engines::VisionJob photo_with_text(const std::string& prompt) {
  cv::Mat photo;
  cv::resize(load("astronaut.jpg"), photo, cv::Size(1200, 840));
  cv::rectangle(photo, cv::Rect(600, 580, 590, 240), cv::Scalar(255, 255, 255), cv::FILLED);
  const char* lines[] = {"Lightning payments settle in", "seconds and cost a few sats,",
                         "so a server can sell requests."};
  for (int i = 0; i < 3; ++i) {
    cv::putText(photo, lines[i], cv::Point(615, 640 + i * 70), cv::FONT_HERSHEY_SIMPLEX, 1.0,
                cv::Scalar(0, 0, 0), 2, cv::LINE_AA);
  }
  engines::VisionJob job;
  job.image = jpeg(photo);
  job.mime_type = "image/jpeg";
  job.width = photo.cols;
  job.height = photo.rows;
  job.prompt = prompt;
  return job;
}

engines::VisionJob twelve_megapixels() {
  cv::Mat big;
  cv::resize(load("coffee.jpg"), big, cv::Size(4000, 3000), 0, 0, cv::INTER_CUBIC);
  engines::VisionJob job;
  job.image = jpeg(big);
  job.mime_type = "image/jpeg";
  job.width = 4000;
  job.height = 3000;
  job.prompt = "What's in this image?";
  return job;
}

// darknet's kite photo (people and kites) at 1224 x 816, about 1 MP.
engines::VisionJob one_megapixel_photo(const std::string& prompt) {
  cv::Mat photo;
  cv::resize(load("darknet_kite.jpg"), photo, cv::Size(1224, 816), 0, 0, cv::INTER_CUBIC);
  engines::VisionJob job;
  job.image = jpeg(photo);
  job.mime_type = "image/jpeg";
  job.width = photo.cols;
  job.height = photo.rows;
  job.prompt = prompt;
  return job;
}

engines::vision::BuiltinVisionEngine& engine() {
  static engines::vision::BuiltinVisionEngine e;
  return e;
}

// One question asked again and again, after a first answer that warms the
// engine (models, pools).
void answer_repeatedly(benchmark::State& state, const engines::VisionJob& job) {
  engine().answer(job);
  for (auto _ : state)
    benchmark::DoNotOptimize(engine().answer(job));
}

void BM_DescribePhotoWithText(benchmark::State& state) {
  answer_repeatedly(state, photo_with_text("What's in this image?"));
}
BENCHMARK(BM_DescribePhotoWithText)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ObjectsInOneMegapixelPhoto(benchmark::State& state) {
  answer_repeatedly(state, one_megapixel_photo("What objects are in this image?"));
}
BENCHMARK(BM_ObjectsInOneMegapixelPhoto)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DescribeOneMegapixelPhoto(benchmark::State& state) {
  answer_repeatedly(state, one_megapixel_photo("Describe this image"));
}
BENCHMARK(BM_DescribeOneMegapixelPhoto)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadTextOfPhoto(benchmark::State& state) {
  answer_repeatedly(state, photo_with_text("What does the text say?"));
}
BENCHMARK(BM_ReadTextOfPhoto)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Describe12MegapixelJpeg(benchmark::State& state) {
  answer_repeatedly(state, twelve_megapixels());
}
BENCHMARK(BM_Describe12MegapixelJpeg)->Unit(benchmark::kMillisecond)->UseRealTime();

// Four requests at once (two 12 MP JPEGs, two 1 MP photos), as a saturated
// server with four workers would run them; reports the process's peak RSS.
void BM_FourConcurrentRequests(benchmark::State& state) {
  auto big = twelve_megapixels();
  auto small = photo_with_text("What's in this image?");
  for (auto _ : state) {
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&, i] { engine().answer(i % 2 ? big : small); });
    }
    for (auto& t : threads)
      t.join();
  }
  state.counters["peak_rss_mb"] = l402d::bench::peak_rss_mb();
}
BENCHMARK(BM_FourConcurrentRequests)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

int main(int argc, char** argv) {
  l402d::engines::vision::reexec_with_openmp_thread_limit(argv);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
