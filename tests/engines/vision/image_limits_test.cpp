// The pixel limit holds against headers crafted to mislead the probe, and
// files the engine cannot decode are refused before payment (parse_image_field).

#include <gtest/gtest.h>

#include <chrono>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engines/vision/image_input.hpp"
#include "engines/vision/openmp.hpp"
#include "util/base64.hpp"
#include "vision_fixtures.hpp"

namespace l402d::engines::vision {
namespace {

using testing::encode;

std::string parse_code(const Bytes& bytes, const InputLimits& limits = {}) {
  auto r = parse_image_field(base64_encode(bytes), limits);
  return r ? "ok" : r.error().code;
}

// The findings' JPEGs start FF D8 FF 00: libjpeg discards the FF 00 and finds
// the real frame header; the former probe read FF 00 as a marker with a length
// and landed on a decoy 64x48 frame.
TEST(ImageLimits, JpegProbeReadsTheFrameLibjpegDecodes) {
  const Bytes big = testing::read_fixture("jpeg_ff00_desync_30000x30000.jpg");
  auto p = probe(big, {});
  ASSERT_FALSE(p) << p->width << "x" << p->height;
  EXPECT_EQ(p.error().code, "image_too_many_pixels");
  EXPECT_NE(p.error().message.find("30000x30000"), std::string::npos) << p.error().message;
  EXPECT_EQ(parse_code(big), "image_too_many_pixels");

  const Bytes medium = testing::read_fixture("jpeg_ff00_desync_4000x3000.jpg");
  auto q = probe(medium, {});
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->width, 4000);
  EXPECT_EQ(q->height, 3000);
}

// decode() is safe on unvalidated bytes: it refuses before allocating, and
// never hands back more pixels than the limit whatever the header said.
TEST(ImageLimits, DecodeRefusesInsteadOfAllocating) {
  auto d = decode(testing::read_fixture("jpeg_ff00_desync_30000x30000.jpg"), {});
  ASSERT_FALSE(d) << d->bgr.cols << "x" << d->bgr.rows;
  EXPECT_EQ(d.error().code, "image_too_many_pixels");

  InputLimits tight;
  tight.max_pixels = 4000 * 3000 - 1;
  auto e = decode(testing::read_fixture("jpeg_ff00_desync_4000x3000.jpg"), tight);
  ASSERT_FALSE(e) << e->bgr.cols << "x" << e->bgr.rows;
  EXPECT_EQ(e.error().code, "image_too_many_pixels");
}

// OpenCV's own bound is in the environment from the start (openmp.hpp), so
// even a cv::imdecode that bypasses our probe cannot allocate 30000x30000.
TEST(ImageLimits, OpenCvRefusesMoreThanTheLimitOnItsOwn) {
  ASSERT_TRUE(decoder_pixel_limit_set());
  const Bytes big = testing::read_fixture("jpeg_ff00_desync_30000x30000.jpg");
  const cv::Mat buffer(1, static_cast<int>(big.size()), CV_8UC1,
                       const_cast<std::uint8_t*>(big.data()));
  try {
    cv::Mat m = cv::imdecode(buffer, cv::IMREAD_COLOR);
    FAIL() << "decoded " << m.cols << "x" << m.rows;
  } catch (const cv::Exception& e) {
    EXPECT_NE(e.err.find("CV_IO_MAX_IMAGE_PIXELS"), std::string::npos) << e.what();
  }
}

void put16(Bytes& b, std::uint32_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, v & 0xFFFF);
  put16(b, v >> 16);
}

// A little-endian 8-bit grey TIFF whose one IFD gives the width and height
// twice, `first` then `second`, with one strip of `strip_bytes`.
Bytes tiff_with_two_sizes(cv::Size first, cv::Size second, std::uint32_t strip_bytes) {
  struct Entry {
    std::uint32_t tag, type, value;
  };
  constexpr std::uint32_t kShort = 3, kLong = 4, kEntries = 11;
  const std::uint32_t data_at = 8 + 2 + kEntries * 12 + 4;
  const Entry entries[kEntries] = {
      {256, kLong, static_cast<std::uint32_t>(first.width)},
      {257, kLong, static_cast<std::uint32_t>(first.height)},
      {256, kLong, static_cast<std::uint32_t>(second.width)},
      {257, kLong, static_cast<std::uint32_t>(second.height)},
      {258, kShort, 8},                                        // bits per sample
      {259, kShort, 1},                                        // no compression
      {262, kShort, 1},                                        // black is zero
      {273, kLong, data_at},                                   // strip offset
      {277, kShort, 1},                                        // samples per pixel
      {278, kLong, static_cast<std::uint32_t>(first.height)},  // rows per strip
      {279, kLong, strip_bytes}};
  Bytes b = {'I', 'I', 42, 0};
  put32(b, 8);
  put16(b, kEntries);
  for (const auto& e : entries) {
    put16(b, e.tag);
    put16(b, e.type);
    put32(b, 1);
    put32(b, e.value);  // a SHORT sits in the low bytes, as little-endian wants
  }
  put32(b, 0);
  for (std::uint32_t i = 0; i < strip_bytes; ++i)
    b.push_back(static_cast<std::uint8_t>(i * 7));
  return b;
}

// libtiff keeps the first of duplicated tags; the former probe kept the last.
TEST(ImageLimits, TiffProbeReadsTheSizeLibtiffDecodes) {
  const Bytes attack = tiff_with_two_sizes({30000, 30000}, {64, 48}, 64 * 48);
  auto p = probe(attack, {});
  ASSERT_FALSE(p) << p->width << "x" << p->height;
  EXPECT_EQ(p.error().code, "image_too_many_pixels");
  auto d = decode(attack, {});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, "image_too_many_pixels");

  // Within the limit, probe and decoder agree on which size is meant.
  const Bytes small = tiff_with_two_sizes({160, 120}, {64, 48}, 160 * 120);
  auto q = probe(small, {});
  ASSERT_TRUE(q) << q.error().message;
  auto e = decode(small, {});
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(q->width, 160);
  EXPECT_EQ(q->height, 120);
  EXPECT_EQ(e->bgr.cols, q->width);
  EXPECT_EQ(e->bgr.rows, q->height);
}

Bytes small_png() {
  cv::Mat m(120, 160, CV_8UC3, cv::Scalar(40, 120, 200));
  cv::circle(m, cv::Point(80, 60), 30, cv::Scalar(255, 255, 255), -1);
  return encode(m, ".png");
}

// The cut that the former "IEND near the end" test let through: the chunk
// type is there, its CRC is not, and libpng refuses the file.
TEST(ImageLimits, PngMissingItsLastByteIsRefusedBeforePayment) {
  Bytes png = small_png();
  ASSERT_EQ(parse_code(png), "ok");
  png.pop_back();
  auto p = probe(png, {});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, "image_truncated");
  EXPECT_EQ(parse_code(png), "image_truncated");
  ASSERT_FALSE(decode(png, {}));
}

// Damage the header checks cannot see: only a decode finds it.
TEST(ImageLimits, CorruptPixelDataIsRefusedBeforePayment) {
  Bytes png = encode(testing::load_fixture("astronaut.jpg"), ".png");
  for (std::size_t i = png.size() / 2; i < png.size() / 2 + 64; ++i)
    png[i] ^= 0x5A;
  ASSERT_TRUE(probe(png, {}));
  EXPECT_EQ(parse_code(png), "image_corrupt");

  // A progressive JPEG whose second scan header is invalid: libjpeg reads it
  // only while decoding, after the first scan.
  Bytes jpg =
      encode(testing::load_fixture("astronaut.jpg"), ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  std::vector<std::size_t> scans;
  for (std::size_t i = 2; i + 1 < jpg.size(); ++i)
    if (jpg[i] == 0xFF && jpg[i + 1] == 0xDA) scans.push_back(i);
  ASSERT_GE(scans.size(), 2u);
  const std::size_t sos = scans[1];
  jpg[sos + 6 + 2 * std::size_t{jpg[sos + 4]}] = 0x7F;  // Se: past the 63 coefficients
  ASSERT_TRUE(probe(jpg, {}));
  EXPECT_EQ(parse_code(jpg), "image_corrupt");
}

// What the check before payment costs. It is the engine's own decode (1/2
// scale for 12 MP), not the cheaper 1/8: only the same decode guarantees that
// what passed here decodes after payment, and the difference is ~10 ms.
TEST(ImageLimits, FullCheckOfALargeJpegStaysWithinBudget) {
  cv::Mat big;
  cv::resize(testing::load_fixture("coffee.jpg"), big, cv::Size(4000, 3000));
  const Bytes jpg = encode(big, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95});
  const std::string field = base64_encode(jpg);
  auto time_ms = [](auto&& f) {
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      f();
      best = std::min(
          best,
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
  };
  const double parse = time_ms([&] { ASSERT_TRUE(parse_image_field(field, {})); });
  const cv::Mat buffer(1, static_cast<int>(jpg.size()), CV_8UC1,
                       const_cast<std::uint8_t*>(jpg.data()));
  const double eighth = time_ms([&] { cv::imdecode(buffer, cv::IMREAD_REDUCED_COLOR_8); });
  const double full = time_ms([&] { cv::imdecode(buffer, cv::IMREAD_COLOR); });
  std::printf(
      "[ figures  ] %zu-byte 12 MP JPEG: parse_image_field %.1f ms; imdecode 1/8 %.1f ms, full "
      "%.1f ms\n",
      jpg.size(), parse, eighth, full);
  EXPECT_LT(parse, 1000.0);
}

}  // namespace
}  // namespace l402d::engines::vision
