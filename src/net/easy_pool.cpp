#include "net/easy_pool.hpp"

#include <algorithm>

#include "net/http_types.hpp"

namespace l402d::net {

EasyPool::EasyPool(CURLSH* share, std::size_t max_idle) : share_(share), max_idle_(max_idle) {}

EasyPool::~EasyPool() {
  for (auto& idle : idle_)
    curl_easy_cleanup(idle.handle);
}

EasyPool::Lease::~Lease() {
  pool_->give_back(handle_, std::move(origin_));
}

EasyPool::Lease EasyPool::acquire(const std::string& origin) {
  CURL* handle = take(origin);
  if (!handle) handle = create();
  return Lease(this, handle, origin);
}

std::size_t EasyPool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

CURL* EasyPool::take(const std::string& origin) {
  std::lock_guard lock(mutex_);
  if (idle_.empty()) return nullptr;
  // The most recent handle for this origin has the connection most likely
  // still open; with none, the most recent handle of all.
  auto it = std::find_if(idle_.rbegin(), idle_.rend(),
                         [&](const Idle& i) { return !origin.empty() && i.origin == origin; });
  auto chosen = it != idle_.rend() ? std::prev(it.base()) : std::prev(idle_.end());
  CURL* handle = chosen->handle;
  idle_.erase(chosen);
  return handle;
}

CURL* EasyPool::create() const {
  CURL* handle = curl_easy_init();
  if (!handle) throw HttpError(HttpError::Kind::other, "libcurl could not start a transfer");
  // curl_easy_reset keeps the share, so this is set once per handle.
  curl_easy_setopt(handle, CURLOPT_SHARE, share_);
  return handle;
}

void EasyPool::give_back(CURL* handle, std::string origin) {
  // The handle still points at the finished call's header list and body;
  // reset drops those options but keeps its connections and caches.
  curl_easy_reset(handle);
  CURL* evicted = nullptr;
  {
    std::lock_guard lock(mutex_);
    idle_.push_back({handle, std::move(origin)});
    if (idle_.size() > max_idle_) {
      evicted = idle_.front().handle;
      idle_.erase(idle_.begin());
    }
  }
  // Closing connections can block on a TLS close_notify: not under the lock.
  if (evicted) curl_easy_cleanup(evicted);
}

}  // namespace l402d::net
