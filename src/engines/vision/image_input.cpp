#include "engines/vision/image_input.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <optional>

#include "util/base64.hpp"

namespace l402d::engines::vision {

namespace {

using Result = Expected<ImageProbe, ImageError>;

Unexpected<ImageError> fail(std::string code, std::string message) {
  return unexpected(ImageError{std::move(code), std::move(message)});
}

Unexpected<ImageError> truncated(ImageFormat f) {
  return fail("image_truncated", "the " + std::string(format_name(f)) +
                                     " file is truncated or damaged and cannot be decoded");
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

bool contains_from_end(ByteView b, std::string_view needle, std::size_t window) {
  const std::size_t from = b.size() > window ? b.size() - window : 0;
  const auto hay = as_chars(b.subspan(from));
  return hay.find(needle) != std::string_view::npos;
}

Result sized(ImageFormat f, std::uint64_t w, std::uint64_t h) {
  constexpr std::uint64_t kMaxSide = std::numeric_limits<int>::max();
  if (w == 0 || h == 0 || w > kMaxSide || h > kMaxSide) return truncated(f);
  return ImageProbe{f, static_cast<int>(w), static_cast<int>(h)};
}

Result probe_png(ByteView b) {
  // Signature (8) + IHDR length (4) + "IHDR" + width + height.
  if (b.size() < 24 || !starts_with(b, "IHDR", 12)) return truncated(ImageFormat::png);
  // A PNG ends with an IEND chunk; its absence is the cheap tell of a cut upload.
  if (!contains_from_end(b, "IEND", 64)) return truncated(ImageFormat::png);
  return sized(ImageFormat::png, be32(b, 16), be32(b, 20));
}

bool is_sof(std::uint8_t m) {
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

Result probe_jpeg(ByteView b) {
  std::size_t pos = 2;
  while (true) {
    while (pos < b.size() && b[pos] != 0xFF)
      ++pos;  // tolerate junk between segments
    while (pos < b.size() && b[pos] == 0xFF)
      ++pos;  // fill bytes
    if (pos >= b.size()) return truncated(ImageFormat::jpeg);
    const std::uint8_t marker = b[pos++];
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;         // no length field
    if (marker == 0xD9 || marker == 0xDA) return truncated(ImageFormat::jpeg);  // no frame header
    if (pos + 2 > b.size()) return truncated(ImageFormat::jpeg);
    const std::size_t len = be16(b, pos);
    if (len < 2 || pos + len > b.size()) return truncated(ImageFormat::jpeg);
    if (is_sof(marker)) {
      if (len < 7) return truncated(ImageFormat::jpeg);
      const std::uint32_t h = be16(b, pos + 3);
      const std::uint32_t w = be16(b, pos + 5);
      // libjpeg pads a cut file with grey and reports success, so the end-of-image
      // marker is the only reliable sign that the scan data is all there.
      const auto rest = as_chars(b.subspan(pos + len));
      if (rest.rfind("\xFF\xD9") == std::string_view::npos) return truncated(ImageFormat::jpeg);
      return sized(ImageFormat::jpeg, w, h);
    }
    pos += len;
  }
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

Result probe_tiff(ByteView b) {
  const bool little = b[0] == 'I';
  auto u16 = [&](std::size_t at) { return little ? le16(b, at) : be16(b, at); };
  auto u32 = [&](std::size_t at) { return little ? le32(b, at) : be32(b, at); };
  if (b.size() < 8) return truncated(ImageFormat::tiff);
  const std::size_t ifd = u32(4);
  if (ifd + 2 > b.size()) return truncated(ImageFormat::tiff);
  const std::size_t count = u16(ifd);
  if (ifd + 2 + count * 12 > b.size()) return truncated(ImageFormat::tiff);
  std::uint64_t w = 0;
  std::uint64_t h = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t e = ifd + 2 + i * 12;
    const std::uint32_t tag = u16(e);
    const std::uint32_t type = u16(e + 2);
    const std::uint32_t value = type == 3 ? u16(e + 8) : type == 4 ? u32(e + 8) : 0;
    if (tag == 256) w = value;
    if (tag == 257) h = value;
  }
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
  if (r->pixels() > limits.max_pixels)
    return fail("image_too_many_pixels", "the image is " + std::to_string(r->width) + "x" +
                                             std::to_string(r->height) + ", more than the " +
                                             std::to_string(limits.max_pixels) + " pixels allowed");
  return r;
}

Expected<ImageInput, ImageError> parse_image_field(std::string_view field,
                                                   const InputLimits& limits) {
  auto bytes = decode_image_field(field, limits);
  if (!bytes) return unexpected(bytes.error());
  auto header = probe(*bytes, limits);
  if (!header) return unexpected(header.error());
  return ImageInput{std::move(*bytes), *header};
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
  } catch (const cv::Exception&) {
    return truncated(header->format);
  }
  if (out.bgr.empty() || out.bgr.type() != CV_8UC3) return truncated(header->format);
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
