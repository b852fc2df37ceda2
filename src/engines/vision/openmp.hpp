#pragma once

// Debian's libtesseract is built with OpenMP and its LSTM code asks for
// several threads per layer (`num_threads(...)` clauses). On a two-core server
// the spinning libgomp workers make OCR 5-8x slower (measured: 86 ms against
// 460 ms for a 1 MP page) and slow OpenCV down afterwards. Only the
// OMP_THREAD_LIMIT environment variable caps those clauses, and libgomp reads
// it once, when the shared library is loaded, before main() runs: setenv()
// inside the process is too late, and omp_set_num_threads() does not override
// an explicit num_threads clause.
//
// OpenCV's decoders have the same kind of setting: OPENCV_IO_MAX_IMAGE_PIXELS
// caps the width x height any cv::imdecode may allocate for, and OpenCV 4.6
// reads it into a namespace-scope constant of libopencv_imgcodecs, i.e. when
// the library is loaded. Set to InputLimits' default pixel limit it is the
// backstop behind our header probe: whatever a header made the probe believe,
// no decode allocates for more pixels than that.
//
// So a program that uses the vision analyser calls this first thing in
// main(): when OMP_THREAD_LIMIT is unset it sets it to 1, when
// OPENCV_IO_MAX_IMAGE_PIXELS is unset or above kDecoderPixelLimit it sets that,
// and it re-executes itself (same argv, same pid), once. Services started with
// both variables already in their environment never re-execute.

#include <cstdint>

namespace l402d::engines::vision {

// InputLimits{}.max_pixels.
inline constexpr std::uint64_t kDecoderPixelLimit = 50'000'000;

// True when OPENCV_IO_MAX_IMAGE_PIXELS is set to at most kDecoderPixelLimit.
bool decoder_pixel_limit_set();

// True when this process was started with OMP_THREAD_LIMIT set.
bool openmp_thread_limit_set();

// Returns only when both limits are already in force or the re-exec failed (the
// program then runs correctly, just with slower OCR).
void reexec_with_openmp_thread_limit(char** argv);

}  // namespace l402d::engines::vision
