#include "engines/vision/openmp.hpp"

#include <unistd.h>

#include <cstdlib>

namespace l402d::engines::vision {

bool openmp_thread_limit_set() {
  return std::getenv("OMP_THREAD_LIMIT") != nullptr;
}

void reexec_with_openmp_thread_limit(char** argv) {
  if (openmp_thread_limit_set() || argv == nullptr || argv[0] == nullptr) return;
  if (::setenv("OMP_THREAD_LIMIT", "1", 1) != 0) return;
  // /proc/self/exe names this very binary even when argv[0] is relative or a
  // symlink; argv is passed through unchanged.
  ::execv("/proc/self/exe", argv);
}

}  // namespace l402d::engines::vision
