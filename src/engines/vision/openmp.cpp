#include "engines/vision/openmp.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace l402d::engines::vision {

bool openmp_thread_limit_set() {
  return std::getenv("OMP_THREAD_LIMIT") != nullptr;
}

bool decoder_pixel_limit_set() {
  const char* value = std::getenv("OPENCV_IO_MAX_IMAGE_PIXELS");
  if (value == nullptr) return false;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(value, &end, 10);
  return end != value && *end == '\0' && n > 0 && n <= kDecoderPixelLimit;
}

void reexec_with_openmp_thread_limit(char** argv) {
  if (openmp_thread_limit_set() && decoder_pixel_limit_set()) return;
  if (argv == nullptr || argv[0] == nullptr) return;
  if (!openmp_thread_limit_set() && ::setenv("OMP_THREAD_LIMIT", "1", 1) != 0) return;
  if (!decoder_pixel_limit_set() &&
      ::setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(kDecoderPixelLimit).c_str(), 1) != 0)
    return;
  // /proc/self/exe names this very binary even when argv[0] is relative or a
  // symlink; argv is passed through unchanged.
  ::execv("/proc/self/exe", argv);
}

}  // namespace l402d::engines::vision
