#pragma once

// The `image` field of a vision request: base64 (bare or in a data URI) that
// must hold a PNG, JPEG, WebP, BMP or TIFF file. The format is taken from the
// bytes, never from the declared media type, because clients routinely label
// every upload image/png.
//
// probe() runs before an invoice is created, so it only reads headers: it
// costs microseconds even for a 16 MiB upload and rejects oversized or broken
// files before the buyer pays. decode() does the expensive work afterwards.

#include <cstddef>
#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <string>
#include <string_view>

#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::engines::vision {

enum class ImageFormat { png, jpeg, webp, bmp, tiff };

std::string_view format_name(ImageFormat f);  // "PNG", "JPEG", ...
std::string_view mime_type(ImageFormat f);    // "image/png", ...

struct InputLimits {
  std::size_t max_bytes = 16u * 1024u * 1024u;  // decoded file size
  std::uint64_t max_pixels = 50'000'000;        // width * height from the header
  // Large JPEGs are decoded at 1/2, 1/4 or 1/8 scale as long as the long side
  // stays at or above this; the analysers never look at more detail than that.
  int analysis_long_side = 1600;
};

// Stable codes (they reach the buyer and the metrics):
//   image_missing, image_not_base64, image_unsupported_format, image_truncated,
//   image_too_large_bytes, image_too_many_pixels.
struct ImageError {
  std::string code;
  std::string message;
};

struct ImageProbe {
  ImageFormat format = ImageFormat::png;
  int width = 0;
  int height = 0;
  std::uint64_t pixels() const {
    return static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height);
  }
};

// The uploaded file after base64 decoding, with its validated header.
struct ImageInput {
  Bytes bytes;
  ImageProbe probe;
};

struct DecodedImage {
  cv::Mat bgr;  // 8-bit, 3 channels, possibly reduced (see `scale`)
  ImageFormat format = ImageFormat::png;
  int width = 0;  // the file's own dimensions, as the buyer knows them
  int height = 0;
  int scale = 1;  // the file was decoded at 1/scale of its size
};

// Base64 text (bare or `data:<anything>;base64,<payload>`) to bytes. Checks the
// byte limit on the encoded length first so a huge field is not decoded at all.
Expected<Bytes, ImageError> decode_image_field(std::string_view field, const InputLimits& limits);

// Header-only validation of a file's bytes.
Expected<ImageProbe, ImageError> probe(ByteView bytes, const InputLimits& limits);

// decode_image_field + probe: what the gate runs before it asks for payment.
Expected<ImageInput, ImageError> parse_image_field(std::string_view field,
                                                   const InputLimits& limits);

// Full decode (probes again, so it is safe on unvalidated bytes).
Expected<DecodedImage, ImageError> decode(ByteView bytes, const InputLimits& limits);

}  // namespace l402d::engines::vision
