// The image header probe (src/engines/vision/image_input.cpp): it reads the
// size from PNG, JPEG, WebP, BMP and TIFF headers so an oversized image is
// refused before any pixel is decoded. Only the probe: no decoder, no model.
#include <cstddef>
#include <cstdint>

#include "engines/vision/image_input.hpp"
#include "fuzz_input.hpp"
#include "util/base64.hpp"

using namespace l402d;
namespace vision = l402d::engines::vision;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const vision::InputLimits limits;
  if (const auto probe = vision::probe(ByteView(data, size), limits)) {
    fuzz::check(probe->width > 0 && probe->height > 0);
    fuzz::check(probe->pixels() <= limits.max_pixels);
  }
  // The request field is base64 (or a data: URL) of the same bytes.
  const auto field = "data:image/png;base64," + base64_encode(ByteView(data, size));
  if (const auto input = vision::probe_image_field(field, limits)) {
    fuzz::check(input->bytes == Bytes(data, data + size));
  }
  (void)vision::decode_image_field(fuzz::as_text(data, size), limits);
  return 0;
}
