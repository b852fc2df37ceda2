#include "util/allocator_policy.hpp"

#include <malloc.h>

#include <mutex>

namespace l402d::util {

void keep_large_buffers_for_reuse() {
  static std::once_flag once;
  std::call_once(once, [] {
    ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
    ::mallopt(M_TRIM_THRESHOLD, 512 << 20);
  });
}

void return_freed_memory() {
  ::malloc_trim(0);
}

}  // namespace l402d::util
