#pragma once

// A small blocking object pool. Cascade classifiers, the QR decoder and
// Tesseract keep per-call scratch state inside the object, so two threads must
// never share one instance; creating one per request would cost 5-130 ms. The
// pool hands each concurrent request its own instance, creating them lazily up
// to `capacity` and keeping them for the life of the process.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace l402d::engines::vision {

template <class T>
class Pool {
 public:
  using Factory = std::function<std::unique_ptr<T>()>;

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<T> item) : pool_(pool), item_(std::move(item)) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), item_(std::move(o.item_)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (item_) pool_->give_back(std::move(item_));
    }
    T& operator*() const { return *item_; }
    T* operator->() const { return item_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<T> item_;
  };

  Pool(Factory factory, std::size_t capacity)
      : factory_(std::move(factory)), capacity_(capacity == 0 ? 1 : capacity) {}

  // Blocks while `capacity` instances are in use. The factory runs outside the
  // lock so a slow initialisation does not stall returns to the pool.
  Lease acquire() {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !idle_.empty() || created_ < capacity_; });
      if (!idle_.empty()) {
        auto item = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(item));
      }
      ++created_;
    }
    try {
      return Lease(this, factory_());
    } catch (...) {
      std::lock_guard lock(mu_);
      --created_;
      cv_.notify_one();
      throw;
    }
  }

  std::size_t created() const {
    std::lock_guard lock(mu_);
    return created_;
  }

 private:
  void give_back(std::unique_ptr<T> item) {
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(item));
    }
    cv_.notify_one();
  }

  Factory factory_;
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<T>> idle_;
  std::size_t created_ = 0;
};

}  // namespace l402d::engines::vision
