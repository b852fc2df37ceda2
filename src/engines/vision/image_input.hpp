#pragma once

// The `image` field of a vision request: base64 (bare or in a data URI) that
// must hold a PNG, JPEG, WebP, BMP or TIFF file. The format is taken from the
// bytes, never from the declared media type, because clients routinely label
// every upload image/png.
//
// Everything here runs before an invoice is created: probe() reads headers
// with the decoders' own header readers (libjpeg, libtiff) so that the pixel
// limit is checked against the size the decoder will allocate, in
// microseconds; parse_image_field() then decodes the file once, so that an
// image the engine could never decode is refused before anyone pays for it.

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
//   image_corrupt (the header is sound but the decoder fails),
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

// decode_image_field + probe: microseconds, no pixel decoded. Tells a caller
// what parse_image_field will cost (see ImageProbe::pixels).
Expected<ImageInput, ImageError> probe_image_field(std::string_view field,
                                                   const InputLimits& limits);

// probe_image_field + decode (the result dropped): what the gate runs before
// it asks for payment. Costs a decode: about 40 ms for a 12 MP JPEG.
Expected<ImageInput, ImageError> parse_image_field(std::string_view field,
                                                   const InputLimits& limits);

// Full decode (probes again, so it is safe on unvalidated bytes). Never
// allocates for more than limits.max_pixels: the probe reads the size the way
// the decoder does, and OpenCV's own bound backs it up (openmp.hpp).
Expected<DecodedImage, ImageError> decode(ByteView bytes, const InputLimits& limits);

}  // namespace l402d::engines::vision
