#pragma once

// What the seller changed about a service while the server runs (its price,
// whether it is sold): read on every paid request and by discovery, written
// by whoever manages the settings (the admin API). The set of services is
// fixed once the routes are built, so a lookup takes no lock; each value is
// an atomic the request path reads as it is.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "http/handler.hpp"

namespace l402d::api {

class LiveService {
 public:
  // Empty: the configured price (and its pricing rules).
  std::optional<std::uint64_t> price_sats() const;
  bool enabled() const { return enabled_.load(std::memory_order_relaxed); }

 private:
  friend class ServiceOverrides;
  static constexpr std::int64_t kConfigured = -1;
  std::atomic<std::int64_t> price_sats_{kConfigured};
  std::atomic<bool> enabled_{true};
};

class ServiceOverrides {
 public:
  // Call for every service before the server starts (not thread-safe).
  std::shared_ptr<const LiveService> add(const std::string& service);
  // Null for a service never added.
  std::shared_ptr<const LiveService> find(const std::string& service) const;

  // Empty price: back to the configured one. False for an unknown service.
  bool set(const std::string& service, std::optional<std::uint64_t> price_sats, bool enabled);
  // Bumped by every change that alters a value, so that documents built from
  // the settings know when to build again.
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }

 private:
  std::map<std::string, std::shared_ptr<LiveService>, std::less<>> services_;
  std::atomic<std::uint64_t> version_{0};
};

// Refuses every request to a service the seller disabled with 503
// service_disabled, before any invoice is made.
class ServiceSwitchFilter final : public http::Filter {
 public:
  explicit ServiceSwitchFilter(std::shared_ptr<const LiveService> live) : live_(std::move(live)) {}
  boost::asio::awaitable<http::Response> handle(http::Exchange& ex,
                                                const http::Handler& next) override;

 private:
  std::shared_ptr<const LiveService> live_;
};

}  // namespace l402d::api
