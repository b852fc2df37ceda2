#pragma once

// Recursive filters (reverb combs, envelope followers) decay into subnormal
// floats after a note ends, and x86 handles those ~100x slower. Flushing them
// to zero for the duration of a DSP call keeps the cost flat; the previous
// mode is restored so other code on the thread is unaffected.

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace l402d::engines::music::audio {

class ScopedFlushDenormals {
 public:
#if defined(__SSE__)
  ScopedFlushDenormals() : saved_(_mm_getcsr()) {
    _mm_setcsr(saved_ | 0x8040U);
  }  // FTZ | DAZ
  ~ScopedFlushDenormals() {
    _mm_setcsr(saved_);
  }

 private:
  unsigned saved_;
#else
  ScopedFlushDenormals() = default;
#endif

 public:
  ScopedFlushDenormals(const ScopedFlushDenormals&) = delete;
  ScopedFlushDenormals& operator=(const ScopedFlushDenormals&) = delete;
};

}  // namespace l402d::engines::music::audio
