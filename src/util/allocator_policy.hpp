#pragma once

// The process's one policy for glibc's allocator. The builtin engines allocate
// buffers of megabytes (a song's stems, an image's frames and blobs) and free
// them within the job. glibc maps buffers over its mmap threshold one by one
// and unmaps them on free, so each new buffer is paid for again in page faults
// and zeroing (a tenth of a music render's CPU); below the threshold, freed
// memory stays in the heap for the next buffer but also stays resident. So:
// large buffers come from the heap and are reused within a job, and whoever
// finishes a job hands what is free back to the kernel, so an idle server does
// not hold the last job's peak. Both engines set the same policy; one that set
// its own would silently undo the other's in a server that runs both.

namespace l402d::util {

// Heap-allocates buffers up to 32 MB (glibc's maximum threshold) and never
// trims on free. Once per process; later calls do nothing.
void keep_large_buffers_for_reuse();

// Returns every arena's free memory to the kernel: at the end of a job.
void return_freed_memory();

// Calls return_freed_memory() when it goes out of scope.
class ReturnFreedMemory {
 public:
  ReturnFreedMemory() = default;
  ReturnFreedMemory(const ReturnFreedMemory&) = delete;
  ReturnFreedMemory& operator=(const ReturnFreedMemory&) = delete;
  ~ReturnFreedMemory() { return_freed_memory(); }
};

}  // namespace l402d::util
