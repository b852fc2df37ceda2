#include "api/service_overrides.hpp"

#include <algorithm>
#include <cstdint>

#include "http/json_error.hpp"

namespace l402d::api {

std::optional<std::uint64_t> LiveService::price_sats() const {
  const auto p = price_sats_.load(std::memory_order_relaxed);
  if (p < 0) return std::nullopt;
  return static_cast<std::uint64_t>(p);
}

std::shared_ptr<const LiveService> ServiceOverrides::add(const std::string& service) {
  auto& slot = services_[service];
  if (!slot) slot = std::make_shared<LiveService>();
  return slot;
}

std::shared_ptr<const LiveService> ServiceOverrides::find(const std::string& service) const {
  const auto it = services_.find(service);
  return it == services_.end() ? nullptr : it->second;
}

bool ServiceOverrides::set(const std::string& service, std::optional<std::uint64_t> price_sats,
                           bool enabled) {
  const auto it = services_.find(service);
  if (it == services_.end()) return false;
  // A price past what msat in a BIGINT can hold is clamped; no one sells that.
  constexpr std::uint64_t kMaxSats = INT64_MAX / 1000;
  const std::int64_t price = price_sats ? static_cast<std::int64_t>(std::min(*price_sats, kMaxSats))
                                        : LiveService::kConfigured;
  auto& live = *it->second;
  const bool price_changed = live.price_sats_.exchange(price) != price;
  const bool switched = live.enabled_.exchange(enabled) != enabled;
  if (price_changed || switched) version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

boost::asio::awaitable<http::Response> ServiceSwitchFilter::handle(http::Exchange& ex,
                                                                   const http::Handler& next) {
  if (!live_->enabled()) {
    co_return http::error_response(ex.request, http::Status::service_unavailable,
                                   "service_disabled",
                                   "The seller has stopped selling this service for now; no "
                                   "invoice was made.");
  }
  co_return co_await next(ex);
}

}  // namespace l402d::api
