#pragma once

// Idle libcurl easy handles kept for the next call. A handle keeps its open
// connections (and their TLS state) between transfers, so handing a call the
// handle that last talked to the same origin lets it reuse a keep-alive
// connection instead of opening a new one. A handle serves one call at a time;
// concurrent calls get different handles, so the pool grows to the number of
// calls in flight and keeps at most `max_idle` of them afterwards.

#include <curl/curl.h>

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace l402d::net {

class EasyPool {
 public:
  // Lent handles run with `share` (see CurlShare), which must outlive the pool.
  EasyPool(CURLSH* share, std::size_t max_idle);
  ~EasyPool();
  EasyPool(const EasyPool&) = delete;
  EasyPool& operator=(const EasyPool&) = delete;

  // A handle with no options of a previous call set, given back on destruction.
  class Lease {
   public:
    Lease(EasyPool* pool, CURL* handle, std::string origin)
        : pool_(pool), handle_(handle), origin_(std::move(origin)) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    CURL* get() const { return handle_; }

   private:
    EasyPool* pool_;
    CURL* handle_;
    std::string origin_;
  };

  // `origin` as from url_origin(); "" matches nothing in particular.
  Lease acquire(const std::string& origin);
  std::size_t idle() const;

 private:
  struct Idle {
    CURL* handle;
    std::string origin;  // of the handle's last transfer
  };
  CURL* take(const std::string& origin);
  CURL* create() const;
  void give_back(CURL* handle, std::string origin);

  CURLSH* share_;
  std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<Idle> idle_;  // least recently used first
};

}  // namespace l402d::net
