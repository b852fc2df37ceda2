#pragma once

// The process's peak resident memory, as the kernel counts it, for the
// benchmarks that report a memory figure.

#include <fstream>
#include <string>

namespace l402d::bench {

// VmHWM of /proc/self/status in MiB; 0 when it cannot be read.
inline double peak_rss_mb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

// Starts a new peak from the current resident size (clear_refs 5).
inline void reset_peak_rss() {
  std::ofstream("/proc/self/clear_refs") << "5";
}

}  // namespace l402d::bench
