#include "engines/vision/image_input.hpp"

#include <tiffio.h>

#include <algorithm>
#include <array>
#include <csetjmp>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <optional>

// jpeglib.h uses FILE and size_t without including their headers.
#include <jpeglib.h>

#include "engines/vision/openmp.hpp"
#include "util/base64.hpp"

namespace l402d::engines::vision {

static_assert(InputLimits{}.max_pixels == kDecoderPixelLimit,
              "OpenCV's bound (openmp.hpp) backs up the default pixel limit");

namespace {

using Result = Expected<ImageProbe, ImageError>;

Unexpected<ImageError> fail(std::string code, std::string message) {
  return unexpected(ImageError{std::move(code), std::move(message)});
}

Unexpected<ImageError> truncated(ImageFormat f) {
  return fail("image_truncated", "the " + std::string(format_name(f)) +
                                     " file is truncated or damaged and cannot be decoded");
}

Unexpected<ImageError> corrupt(ImageFormat f) {
  return fail("image_corrupt",
              "the " + std::string(format_name(f)) + " file is corrupt and cannot be decoded");
}

Unexpected<ImageError> too_many_pixels(std::uint64_t w, std::uint64_t h, const InputLimits& l) {
  return fail("image_too_many_pixels", "the image is " + std::to_string(w) + "x" +
                                           std::to_string(h) + ", more than the " +
                                           std::to_string(l.max_pixels) + " pixels allowed");
}

std::uint32_t be16(ByteView b, std::size_t at) {
  return (std::uint32_t{b[at]} << 8) | b[at + 1];
}
std::uint32_t be32(ByteView b, std::size_t at) {
  return (be16(b, at) << 16) | be16(b, at + 2);
}
std::uint32_t le16(ByteView b, std::size_t at) {
  return std::uint32_t{b[at]} | (std::uint32_t{b[at + 1]} << 8);
}
std::uint32_t le24(ByteView b, std::size_t at) {
  return le16(b, at) | (std::uint32_t{b[at + 2]} << 16);
}
std::uint32_t le32(ByteView b, std::size_t at) {
  return le16(b, at) | (le16(b, at + 2) << 16);
}

bool starts_with(ByteView b, std::string_view magic, std::size_t at = 0) {
  return b.size() >= at + magic.size() &&
         std::memcmp(b.data() + at, magic.data(), magic.size()) == 0;
}

Result sized(ImageFormat f, std::uint64_t w, std::uint64_t h) {
  constexpr std::uint64_t kMaxSide = std::numeric_limits<int>::max();
  if (w == 0 || h == 0 || w > kMaxSide || h > kMaxSide) return truncated(f);
  return ImageProbe{f, static_cast<int>(w), static_cast<int>(h)};
}

Result probe_png(ByteView b) {
  // Signature (8) + IHDR length (4) + "IHDR" + width + height. libpng insists
  // on IHDR first, so these are the dimensions it allocates for.
  if (b.size() < 24 || be32(b, 8) != 13 || !starts_with(b, "IHDR", 12))
    return truncated(ImageFormat::png);
  // Following the chunk lengths to IEND finds a cut upload down to its last
  // CRC byte (looking for the string "IEND" near the end did not), at one step
  // per chunk.
  std::size_t pos = 8;
  while (true) {
    if (b.size() - pos < 12) return truncated(ImageFormat::png);
    if (be32(b, pos) > b.size() - pos - 12) return truncated(ImageFormat::png);
    if (starts_with(b, "IEND", pos + 4)) break;
    pos += 12 + be32(b, pos);
  }
  return sized(ImageFormat::png, be32(b, 16), be32(b, 20));
}

// libjpeg reports a fatal error through error_exit, which must not return.
struct JpegErrors {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
};

[[noreturn]] void jpeg_fail(j_common_ptr cinfo) {
  std::longjmp(reinterpret_cast<JpegErrors*>(cinfo->err)->jump, 1);
}
void jpeg_quiet(j_common_ptr) {}

struct JpegHeader {
  std::uint64_t width = 0;
  std::uint64_t height = 0;
  std::size_t scan_offset = 0;  // first byte after the SOS header
};

// The frame size exactly as the decoder will see it: libjpeg's own marker
// reader (the one cv::imdecode runs) rather than a second parser of ours. A
// hand-written walk disagreed with it on FF 00 and similar sequences, and a
// file probed as 64x48 decoded as 30000x30000 after payment.
// longjmp skips destructors, so nothing in this frame may have one.
bool read_jpeg_header(ByteView b, JpegHeader* out) {
  jpeg_decompress_struct cinfo;
  JpegErrors errors;
  cinfo.err = jpeg_std_error(&errors.mgr);
  errors.mgr.error_exit = jpeg_fail;
  errors.mgr.output_message = jpeg_quiet;
  if (setjmp(errors.jump) != 0) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, b.data(), static_cast<unsigned long>(b.size()));
  const bool ok = jpeg_read_header(&cinfo, TRUE) == JPEG_HEADER_OK;
  out->width = cinfo.image_width;
  out->height = cinfo.image_height;
  out->scan_offset = b.size() - cinfo.src->bytes_in_buffer;
  jpeg_destroy_decompress(&cinfo);
  return ok;
}

Result probe_jpeg(ByteView b) {
  if (b.size() > std::numeric_limits<unsigned long>::max()) return truncated(ImageFormat::jpeg);
  JpegHeader header;
  if (!read_jpeg_header(b, &header)) return truncated(ImageFormat::jpeg);
  // libjpeg pads a cut file with grey and reports success, so the end-of-image
  // marker is the only reliable sign that the scan data is all there (FF D9
  // cannot occur inside entropy-coded data, where FF is always stuffed).
  const auto rest = as_chars(b.subspan(header.scan_offset));
  if (rest.rfind("\xFF\xD9") == std::string_view::npos) return truncated(ImageFormat::jpeg);
  return sized(ImageFormat::jpeg, header.width, header.height);
}

Result probe_webp(ByteView b) {
  if (b.size() < 30) return truncated(ImageFormat::webp);
  if (std::uint64_t{le32(b, 4)} + 8 > b.size()) return truncated(ImageFormat::webp);
  const ByteView d = b.subspan(20);
  if (starts_with(b, "VP8 ", 12)) {
    if (d[3] != 0x9D || d[4] != 0x01 || d[5] != 0x2A) return truncated(ImageFormat::webp);
    return sized(ImageFormat::webp, le16(d, 6) & 0x3FFF, le16(d, 8) & 0x3FFF);
  }
  if (starts_with(b, "VP8L", 12)) {
    if (d[0] != 0x2F) return truncated(ImageFormat::webp);
    const std::uint32_t bits = le32(d, 1);
    return sized(ImageFormat::webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (starts_with(b, "VP8X", 12)) {
    return sized(ImageFormat::webp, std::uint64_t{le24(d, 4)} + 1, std::uint64_t{le24(d, 7)} + 1);
  }
  return truncated(ImageFormat::webp);
}

Result probe_bmp(ByteView b) {
  if (b.size() < 26) return truncated(ImageFormat::bmp);
  const std::uint32_t declared = le32(b, 2);  // some writers leave it 0
  if (declared != 0 && declared > b.size()) return truncated(ImageFormat::bmp);
  if (le32(b, 10) >= b.size()) return truncated(ImageFormat::bmp);
  const std::uint32_t dib = le32(b, 14);
  if (dib == 12) return sized(ImageFormat::bmp, le16(b, 18), le16(b, 20));
  if (dib < 40) return truncated(ImageFormat::bmp);
  const auto w = static_cast<std::int32_t>(le32(b, 18));
  const auto h = static_cast<std::int32_t>(le32(b, 22));  // negative: stored top-down
  if (w <= 0 || h == std::numeric_limits<std::int32_t>::min()) return truncated(ImageFormat::bmp);
  return sized(ImageFormat::bmp, static_cast<std::uint64_t>(w),
               static_cast<std::uint64_t>(h < 0 ? -h : h));
}

// libtiff reads from the upload in memory through these callbacks.
struct TiffSource {
  ByteView bytes;
  std::uint64_t pos = 0;
};

tmsize_t tiff_read(thandle_t handle, void* buffer, tmsize_t size) {
  auto* src = static_cast<TiffSource*>(handle);
  if (size <= 0 || src->pos >= src->bytes.size()) return 0;
  const auto n =
      std::min<std::uint64_t>(static_cast<std::uint64_t>(size), src->bytes.size() - src->pos);
  std::memcpy(buffer, src->bytes.data() + src->pos, n);
  src->pos += n;
  return static_cast<tmsize_t>(n);
}
tmsize_t tiff_write(thandle_t, void*, tmsize_t) {
  return 0;
}
toff_t tiff_seek(thandle_t handle, toff_t offset, int whence) {
  auto* src = static_cast<TiffSource*>(handle);
  const std::uint64_t base = whence == SEEK_CUR   ? src->pos
                             : whence == SEEK_END ? src->bytes.size()
                                                  : 0;
  // A negative relative offset arrives as its two's complement: unsigned
  // wrap-around gives the right position.
  src->pos = base + offset;
  return src->pos;
}
int tiff_close(thandle_t) {
  return 0;
}
toff_t tiff_size(thandle_t handle) {
  return static_cast<TiffSource*>(handle)->bytes.size();
}
int tiff_map(thandle_t, tdata_t*, toff_t*) {
  return 0;
}
void tiff_unmap(thandle_t, tdata_t, toff_t) {}
// Returning 1 keeps libtiff from also calling the process-wide handlers
// (OpenCV installs its own there).
int tiff_quiet(TIFF*, void*, const char*, const char*, va_list) {
  return 1;
}

// libtiff's own reading of the first directory, which is the one cv::imdecode
// decodes: with a width or height tag given twice libtiff keeps the first,
// while our former IFD walk kept the last.
Result probe_tiff(ByteView b) {
  std::unique_ptr<TIFFOpenOptions, void (*)(TIFFOpenOptions*)> options(TIFFOpenOptionsAlloc(),
                                                                       TIFFOpenOptionsFree);
  if (!options) throw std::bad_alloc();
  TIFFOpenOptionsSetErrorHandlerExtR(options.get(), tiff_quiet, nullptr);
  TIFFOpenOptionsSetWarningHandlerExtR(options.get(), tiff_quiet, nullptr);
  // A directory cannot legitimately need more than the file holds.
  TIFFOpenOptionsSetMaxSingleMemAlloc(options.get(),
                                      static_cast<tmsize_t>(std::max<std::size_t>(b.size(), 4096)));
  TiffSource src{b};
  // "m": no memory mapping; the callbacks already serve the bytes.
  TIFF* tif = TIFFClientOpenExt("image", "rm", &src, tiff_read, tiff_write, tiff_seek, tiff_close,
                                tiff_size, tiff_map, tiff_unmap, options.get());
  if (tif == nullptr) return truncated(ImageFormat::tiff);
  std::uint32_t w = 0;
  std::uint32_t h = 0;
  const bool ok = TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w) == 1 &&
                  TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h) == 1;
  TIFFClose(tif);
  if (!ok) return truncated(ImageFormat::tiff);
  return sized(ImageFormat::tiff, w, h);
}

std::optional<std::string_view> known_unsupported(ByteView b) {
  if (starts_with(b, "GIF8")) return "GIF";
  if (starts_with(b, "ftypheic", 4) || starts_with(b, "ftypheix", 4) ||
      starts_with(b, "ftypmif1", 4))
    return "HEIC";
  if (starts_with(b, "ftypavif", 4)) return "AVIF";
  if (starts_with(b, "%PDF")) return "PDF";
  if (starts_with(b, "<svg") || starts_with(b, "<?xml")) return "SVG";
  return std::nullopt;
}

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

}  // namespace

std::string_view format_name(ImageFormat f) {
  switch (f) {
    case ImageFormat::png:
      return "PNG";
    case ImageFormat::jpeg:
      return "JPEG";
    case ImageFormat::webp:
      return "WebP";
    case ImageFormat::bmp:
      return "BMP";
    case ImageFormat::tiff:
      return "TIFF";
  }
  return "image";
}

std::string_view mime_type(ImageFormat f) {
  switch (f) {
    case ImageFormat::png:
      return "image/png";
    case ImageFormat::jpeg:
      return "image/jpeg";
    case ImageFormat::webp:
      return "image/webp";
    case ImageFormat::bmp:
      return "image/bmp";
    case ImageFormat::tiff:
      return "image/tiff";
  }
  return "application/octet-stream";
}

Expected<Bytes, ImageError> decode_image_field(std::string_view field, const InputLimits& limits) {
  std::string_view payload = field;
  if (payload.size() >= 5 && (payload.substr(0, 5) == "data:" || payload.substr(0, 5) == "DATA:")) {
    const auto comma = payload.find(',');
    if (comma == std::string_view::npos)
      return fail("image_not_base64", "the data URI has no ',' before its payload");
    const auto meta = payload.substr(5, comma - 5);
    if (meta.size() < 7 || meta.substr(meta.size() - 7) != ";base64")
      return fail("image_not_base64",
                  "the data URI must be base64-encoded (data:image/...;base64,...)");
    payload = payload.substr(comma + 1);
  }
  if (payload.empty()) return fail("image_missing", "the image field is empty");
  // Four characters carry three bytes; refuse before allocating anything.
  if (payload.size() / 4 * 3 > limits.max_bytes + 3)
    return fail("image_too_large_bytes",
                "the image is larger than " + std::to_string(limits.max_bytes) + " bytes");
  auto bytes = base64_decode(payload);
  // Line-wrapped base64 (what `base64` prints by default) is common in pasted
  // input. Looked for only when plain decoding fails: it costs a pass over
  // the payload, and most clients send it unwrapped.
  if (!bytes && std::any_of(payload.begin(), payload.end(), is_space)) {
    std::string compact;
    compact.reserve(payload.size());
    for (char c : payload)
      if (!is_space(c)) compact.push_back(c);
    bytes = base64_decode(compact);
  }
  if (!bytes) return fail("image_not_base64", "the image field is not valid base64");
  if (bytes->empty()) return fail("image_missing", "the image field is empty");
  if (bytes->size() > limits.max_bytes)
    return fail("image_too_large_bytes",
                "the image is larger than " + std::to_string(limits.max_bytes) + " bytes");
  return std::move(*bytes);
}

Expected<ImageProbe, ImageError> probe(ByteView b, const InputLimits& limits) {
  if (b.empty()) return fail("image_missing", "the image is empty");
  if (b.size() > limits.max_bytes)
    return fail("image_too_large_bytes",
                "the image is larger than " + std::to_string(limits.max_bytes) + " bytes");
  Result r = [&]() -> Result {
    if (starts_with(b, "\x89PNG\r\n\x1A\n")) return probe_png(b);
    if (starts_with(b, "\xFF\xD8\xFF")) return probe_jpeg(b);
    if (starts_with(b, "RIFF") && starts_with(b, "WEBP", 8)) return probe_webp(b);
    if (starts_with(b, "BM")) return probe_bmp(b);
    if (starts_with(b, std::string_view("II*\0", 4)) ||
        starts_with(b, std::string_view("MM\0*", 4)))
      return probe_tiff(b);
    if (auto name = known_unsupported(b))
      return fail("image_unsupported_format",
                  std::string(*name) + " is not supported; send PNG, JPEG, WebP, BMP or TIFF");
    return fail("image_unsupported_format", "the data is not a PNG, JPEG, WebP, BMP or TIFF image");
  }();
  if (!r) return r;
  if (r->pixels() > limits.max_pixels) return too_many_pixels(r->width, r->height, limits);
  return r;
}

Expected<ImageInput, ImageError> probe_image_field(std::string_view field,
                                                   const InputLimits& limits) {
  auto bytes = decode_image_field(field, limits);
  if (!bytes) return unexpected(bytes.error());
  auto header = probe(*bytes, limits);
  if (!header) return unexpected(header.error());
  return ImageInput{std::move(*bytes), *header};
}

Expected<ImageInput, ImageError> parse_image_field(std::string_view field,
                                                   const InputLimits& limits) {
  auto input = probe_image_field(field, limits);
  if (!input) return input;
  // The very decode the engine runs after payment: a file that fails it here
  // would fail the same way then, for a buyer who has already paid.
  auto decoded = decode(input->bytes, limits);
  if (!decoded) return unexpected(decoded.error());
  return input;
}

Expected<DecodedImage, ImageError> decode(ByteView bytes, const InputLimits& limits) {
  auto header = probe(bytes, limits);
  if (!header) return unexpected(header.error());
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return fail("image_too_large_bytes", "the image is too large to decode");

  int scale = 1;
  if (header->format == ImageFormat::jpeg) {
    const int long_side = std::max(header->width, header->height);
    for (int s : {8, 4, 2}) {
      if (long_side / s >= limits.analysis_long_side) {
        scale = s;
        break;
      }
    }
  }
  const int flags = scale == 8   ? cv::IMREAD_REDUCED_COLOR_8
                    : scale == 4 ? cv::IMREAD_REDUCED_COLOR_4
                    : scale == 2 ? cv::IMREAD_REDUCED_COLOR_2
                                 : cv::IMREAD_COLOR;
  // imdecode only reads the buffer; the Mat header merely borrows it.
  const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8UC1,
                       const_cast<std::uint8_t*>(bytes.data()));
  DecodedImage out;
  try {
    out.bgr = cv::imdecode(buffer, flags);
  } catch (const cv::Exception& e) {
    // OpenCV's own bound (OPENCV_IO_MAX_IMAGE_PIXELS, see openmp.hpp) refused
    // the size its decoder read: our probe missed it, the limit still held.
    if (e.err.find("CV_IO_MAX_IMAGE") != std::string::npos)
      return fail("image_too_many_pixels", "the image has more pixels than allowed");
    return corrupt(header->format);
  }
  if (out.bgr.empty() || out.bgr.type() != CV_8UC3) return corrupt(header->format);
  // Should a decoder ever size the image differently from its header, the
  // pixels it produced are not analysed past the limit either.
  const auto at_least = [scale](int decoded) {
    return (static_cast<std::uint64_t>(decoded) - 1) * static_cast<std::uint64_t>(scale) + 1;
  };
  if (at_least(out.bgr.cols) * at_least(out.bgr.rows) > limits.max_pixels)
    return too_many_pixels(at_least(out.bgr.cols), at_least(out.bgr.rows), limits);
  out.format = header->format;
  out.scale = scale;
  out.width = header->width;
  out.height = header->height;
  // EXIF orientation is applied by imdecode: report the size as displayed.
  if ((out.bgr.cols > out.bgr.rows) != (out.width > out.height) && out.width != out.height)
    std::swap(out.width, out.height);
  return out;
}

}  // namespace l402d::engines::vision
