#pragma once

// CPU time of the calling thread: what a single-threaded stage costs, whatever
// else the machine is running meanwhile (ctest -j2 on two cores, other builds).
// Wall-clock limits in tests fail under such load; this does not.

#include <ctime>

namespace l402d::testing {

inline double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace l402d::testing
