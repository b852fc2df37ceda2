#include "engines/vision/image_input.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "util/base64.hpp"
#include "vision_fixtures.hpp"

namespace l402d::engines::vision {
namespace {

using testing::encode;

std::string b64(const Bytes& b) {
  return base64_encode(b);
}

cv::Mat small_picture() {
  cv::Mat m(120, 160, CV_8UC3, cv::Scalar(40, 120, 200));
  cv::circle(m, cv::Point(80, 60), 30, cv::Scalar(255, 255, 255), -1);
  return m;
}

std::string error_code(std::string_view field, const InputLimits& limits = {}) {
  auto r = parse_image_field(field, limits);
  return r ? "ok" : r.error().code;
}

TEST(ImageInput, EveryFormatProbesAndDecodesByContent) {
  const cv::Mat pic = small_picture();
  const std::vector<std::pair<std::string, ImageFormat>> cases = {{".png", ImageFormat::png},
                                                                  {".jpg", ImageFormat::jpeg},
                                                                  {".webp", ImageFormat::webp},
                                                                  {".bmp", ImageFormat::bmp},
                                                                  {".tiff", ImageFormat::tiff}};
  for (const auto& [ext, format] : cases) {
    SCOPED_TRACE(ext);
    const Bytes bytes = encode(pic, ext);
    auto p = probe(bytes, {});
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->format, format);
    EXPECT_EQ(p->width, 160);
    EXPECT_EQ(p->height, 120);
    auto d = decode(bytes, {});
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_EQ(d->bgr.cols, 160);
    EXPECT_EQ(d->bgr.rows, 120);
    EXPECT_EQ(d->format, format);
  }
}

TEST(ImageInput, LosslessWebpProbes) {
  const Bytes bytes = encode(small_picture(), ".webp", {cv::IMWRITE_WEBP_QUALITY, 101});
  auto p = probe(bytes, {});
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->format, ImageFormat::webp);
  EXPECT_EQ(p->width, 160);
  EXPECT_EQ(p->height, 120);
}

TEST(ImageInput, DataUriAndBareBase64BothWork) {
  const std::string payload = b64(encode(small_picture(), ".png"));
  auto bare = parse_image_field(payload, {});
  auto uri = parse_image_field("data:image/png;base64," + payload, {});
  ASSERT_TRUE(bare);
  ASSERT_TRUE(uri);
  EXPECT_EQ(bare->bytes, uri->bytes);
  EXPECT_EQ(uri->probe.format, ImageFormat::png);
}

TEST(ImageInput, DeclaredTypeIsIgnoredInFavourOfContent) {
  const std::string jpeg = b64(encode(small_picture(), ".jpg"));
  auto r = parse_image_field("data:image/png;base64," + jpeg, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->probe.format, ImageFormat::jpeg);
  auto d = decode(r->bytes, {});
  ASSERT_TRUE(d);
  EXPECT_EQ(mime_type(d->format), "image/jpeg");
}

TEST(ImageInput, UrlSafeUnpaddedAndLineWrappedBase64Accepted) {
  const Bytes bytes = encode(small_picture(), ".png");
  std::string s = b64(bytes);
  std::string wrapped;
  for (std::size_t i = 0; i < s.size(); i += 76)
    wrapped += s.substr(i, 76) + "\n";
  EXPECT_EQ(error_code(wrapped), "ok");
  std::string url = s;
  for (char& c : url)
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!url.empty() && url.back() == '=')
    url.pop_back();
  EXPECT_EQ(error_code(url), "ok");
}

TEST(ImageInput, ErrorCodes) {
  EXPECT_EQ(error_code(""), "image_missing");
  EXPECT_EQ(error_code("data:image/png;base64,"), "image_missing");
  EXPECT_EQ(error_code("this is not base64!"), "image_not_base64");
  EXPECT_EQ(error_code("data:image/png,rawbytes"), "image_not_base64");
  EXPECT_EQ(error_code(b64(Bytes{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'})),
            "image_unsupported_format");
  EXPECT_EQ(error_code(b64(Bytes{'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0})),
            "image_unsupported_format");
}

TEST(ImageInput, TruncatedFilesAreRejectedByProbe) {
  for (const std::string ext : {".png", ".jpg", ".webp"}) {
    SCOPED_TRACE(ext);
    Bytes bytes = encode(testing::load_fixture("astronaut.jpg"), ext);
    bytes.resize(bytes.size() / 2);
    auto p = probe(bytes, {});
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, "image_truncated");
    EXPECT_EQ(error_code(b64(bytes)), "image_truncated");
  }
  // A header alone.
  Bytes png = encode(small_picture(), ".png");
  png.resize(20);
  EXPECT_EQ(error_code(b64(png)), "image_truncated");
}

TEST(ImageInput, CorruptDataInsideAValidFrameFailsDecode) {
  Bytes png = encode(testing::load_fixture("astronaut.jpg"), ".png");
  // Keep signature, IHDR and the IEND trailer; scramble the compressed pixels.
  for (std::size_t i = 60; i + 100 < png.size(); i += 7)
    png[i] ^= 0x5A;
  ASSERT_TRUE(probe(png, {}));
  auto d = decode(png, {});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, "image_corrupt");
  // And it never reaches an invoice.
  EXPECT_EQ(error_code(b64(png)), "image_corrupt");
}

// A syntactically valid PNG header claiming 20000x20000 with no pixel data.
Bytes huge_png_header() {
  Bytes b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  for (std::uint32_t v : {20000u, 20000u}) {
    for (int s = 24; s >= 0; s -= 8)
      b.push_back(static_cast<std::uint8_t>(v >> s));
  }
  for (int x : {8, 2, 0, 0, 0, 0, 0, 0, 0})
    b.push_back(static_cast<std::uint8_t>(x));  // depth, type, ..., CRC
  // IEND chunk: length 0, type, CRC.
  for (int x : {0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82})
    b.push_back(static_cast<std::uint8_t>(x));
  return b;
}

TEST(ImageInput, TooManyPixelsCheckedFromTheHeader) {
  const Bytes png = huge_png_header();
  auto p = probe(png, {});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, "image_too_many_pixels");
  EXPECT_NE(p.error().message.find("20000x20000"), std::string::npos);
  EXPECT_EQ(error_code(b64(png)), "image_too_many_pixels");

  // JPEG: patch the SOF of a real file.
  Bytes jpg = encode(small_picture(), ".jpg");
  for (std::size_t i = 2; i + 9 < jpg.size(); ++i) {
    if (jpg[i] == 0xFF && jpg[i + 1] == 0xC0) {
      jpg[i + 5] = 0x4E, jpg[i + 6] = 0x20, jpg[i + 7] = 0x4E, jpg[i + 8] = 0x20;  // 20000
      break;
    }
  }
  EXPECT_EQ(error_code(b64(jpg)), "image_too_many_pixels");

  InputLimits tight;
  tight.max_pixels = 160 * 120 - 1;
  EXPECT_EQ(error_code(b64(encode(small_picture(), ".webp")), tight), "image_too_many_pixels");
  EXPECT_EQ(error_code(b64(encode(small_picture(), ".bmp")), tight), "image_too_many_pixels");
  EXPECT_EQ(error_code(b64(encode(small_picture(), ".tiff")), tight), "image_too_many_pixels");
}

TEST(ImageInput, TooManyBytes) {
  InputLimits limits;
  limits.max_bytes = 1000;
  const Bytes bytes = encode(testing::load_fixture("coffee.jpg"), ".png");
  EXPECT_EQ(error_code(b64(bytes), limits), "image_too_large_bytes");
  auto p = probe(bytes, limits);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, "image_too_large_bytes");
  // Just over the limit after decoding, within it by the length estimate.
  limits.max_bytes = bytes.size() - 1;
  EXPECT_EQ(error_code(b64(bytes), limits), "image_too_large_bytes");
  limits.max_bytes = bytes.size();
  EXPECT_EQ(error_code(b64(bytes), limits), "ok");
}

TEST(ImageInput, LargeJpegDecodedReducedButReportsItsOwnSize) {
  cv::Mat big;
  cv::resize(testing::load_fixture("coffee.jpg"), big, cv::Size(4000, 2667));
  const Bytes jpg = encode(big, ".jpg");
  auto d = decode(jpg, {});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->scale, 2);
  EXPECT_EQ(d->width, 4000);
  EXPECT_EQ(d->height, 2667);
  EXPECT_EQ(d->bgr.cols, 2000);
  // PNG has no reduced decoding: full size.
  auto p = decode(encode(big, ".png"), {});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->scale, 1);
  EXPECT_EQ(p->bgr.cols, 4000);
}

TEST(ImageInput, ProbeIsCheapOnALargeUpload) {
  cv::Mat big;
  cv::resize(testing::load_fixture("coffee.jpg"), big, cv::Size(4000, 3000));
  const Bytes jpg = encode(big, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95});
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(probe(jpg, {}));
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
      100;
  std::printf("[ figures  ] probe of a %zu-byte 12 MP JPEG: %.1f us\n", jpg.size(), us);
  EXPECT_LT(us, 20000.0);
}

}  // namespace
}  // namespace l402d::engines::vision
