#pragma once

// The caches all of a client's easy handles share, whichever thread runs them:
// DNS answers, and TLS sessions (a resumed session skips a round trip and the
// server's signature). libcurl calls lock/unlock around every access.
//
// Connections are deliberately not shared here: libcurl's shared connection
// cache is not thread-safe (its known bug "A shared connection cache is not
// thread-safe", present in 7.88). Each pooled easy handle keeps its own
// connections instead (see EasyPool).

#include <curl/curl.h>

#include <array>
#include <mutex>

namespace l402d::net {

class CurlShare {
 public:
  CurlShare();
  ~CurlShare();
  CurlShare(const CurlShare&) = delete;
  CurlShare& operator=(const CurlShare&) = delete;

  CURLSH* get() const { return share_; }

 private:
  static void lock(CURL* handle, curl_lock_data data, curl_lock_access access, void* self);
  static void unlock(CURL* handle, curl_lock_data data, void* self);

  // One mutex per kind of data, so that a DNS look-up does not wait for a TLS
  // session store.
  std::array<std::mutex, CURL_LOCK_DATA_LAST> mutexes_;
  CURLSH* share_;
};

}  // namespace l402d::net
