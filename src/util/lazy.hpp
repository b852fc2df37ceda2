#pragma once

// A value made on first use, once, however many threads ask at the same time:
// the first caller runs the factory under a lock while the others wait; later
// calls cost one atomic load. A factory that throws leaves the holder empty,
// so the next call tries again (a model file installed later is then found).
//
// For what is expensive to hold and may never be used: the builtin engines'
// models (l402d_engines: a server that only proxies never loads them).

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>

namespace l402d::util {

template <class T>
class Lazy {
 public:
  explicit Lazy(std::function<std::unique_ptr<T>()> make) : make_(std::move(make)) {}
  Lazy(const Lazy&) = delete;
  Lazy& operator=(const Lazy&) = delete;

  // The value, made now if it is not yet; rethrows the factory's exception.
  T& get() {
    if (T* v = ready_.load(std::memory_order_acquire)) return *v;
    std::lock_guard lock(mutex_);
    if (!value_) {
      value_ = make_();
      ready_.store(value_.get(), std::memory_order_release);
    }
    return *value_;
  }

  // Whether get() has made the value (for logs and tests).
  bool loaded() const { return ready_.load(std::memory_order_acquire) != nullptr; }

 private:
  std::function<std::unique_ptr<T>()> make_;
  std::mutex mutex_;
  std::unique_ptr<T> value_;
  std::atomic<T*> ready_{nullptr};
};

}  // namespace l402d::util
