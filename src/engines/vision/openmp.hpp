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
// So a program that uses the vision analyser calls this first thing in
// main(): when OMP_THREAD_LIMIT is unset it sets it to 1 and re-executes
// itself (same argv, same pid), once. Services started with the variable
// already in their environment never re-execute.

namespace l402d::engines::vision {

// True when this process was started with OMP_THREAD_LIMIT set.
bool openmp_thread_limit_set();

// Returns only when the limit is already in force or the re-exec failed (the
// program then runs correctly, just with slower OCR).
void reexec_with_openmp_thread_limit(char** argv);

}  // namespace l402d::engines::vision
