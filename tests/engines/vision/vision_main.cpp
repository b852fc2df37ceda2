// The vision tests' main: OCR timings are only meaningful with OpenMP limited
// to one thread, which must be in the environment before libgomp loads (see
// engines/vision/openmp.hpp), exactly as the server does it.

#include <gtest/gtest.h>

#include "engines/vision/openmp.hpp"

int main(int argc, char** argv) {
  l402d::engines::vision::reexec_with_openmp_thread_limit(argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
