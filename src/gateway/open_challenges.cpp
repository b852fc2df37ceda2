#include "gateway/open_challenges.hpp"

namespace l402d::gateway {

OpenChallenges::OpenChallenges(http::Metrics* metrics, std::size_t capacity)
    : metrics_(metrics), capacity_(capacity == 0 ? 1 : capacity) {
  if (metrics_) dropped_ = metrics_->counter("l402d_open_challenges_dropped_total", {});
}

OpenChallenges::Counters& OpenChallenges::counters_for(const std::string& service) {
  auto it = counters_.find(service);
  if (it != counters_.end()) return it->second;
  Counters c;
  if (metrics_) {
    const http::Labels labels{{"service", service}};
    c.paid = metrics_->counter("l402d_challenges_paid_total", labels);
    c.expired_unpaid = metrics_->counter("l402d_challenges_expired_unpaid_total", labels);
  }
  return counters_.emplace(service, c).first->second;
}

void OpenChallenges::add(OpenChallenge challenge, std::int64_t now) {
  std::lock_guard lock(mutex_);
  sweep(now);
  // Paid entries wait in the queue until they reach its front: the second
  // bound keeps one long-lived unpaid challenge from holding them all.
  while (open_.size() >= capacity_ || order_.size() >= 2 * capacity_)
    drop_oldest();
  const auto serial = next_serial_++;
  order_.push_back({challenge.payment_hash, serial, challenge.expires_at});
  // A hash seen twice (it cannot be, short of a broken node) keeps the newest.
  open_.insert_or_assign(challenge.payment_hash, Entry{std::move(challenge), serial});
}

void OpenChallenges::paid(const Hash32& payment_hash) {
  std::lock_guard lock(mutex_);
  const auto it = open_.find(payment_hash);
  if (it == open_.end()) return;
  counters_for(it->second.challenge.service).paid.add();
  open_.erase(it);
}

std::vector<OpenChallenge> OpenChallenges::list(const std::string& service, std::size_t limit,
                                                std::int64_t now) {
  std::lock_guard lock(mutex_);
  sweep(now);
  std::vector<OpenChallenge> out;
  for (auto q = order_.rbegin(); q != order_.rend() && out.size() < limit; ++q) {
    const auto it = open_.find(q->payment_hash);
    if (it == open_.end() || it->second.serial != q->serial) continue;
    const auto& c = it->second.challenge;
    if (c.expires_at <= now || (!service.empty() && c.service != service)) continue;
    out.push_back(c);
  }
  return out;
}

std::size_t OpenChallenges::size() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

void OpenChallenges::sweep(std::int64_t now) {
  while (!order_.empty()) {
    const auto& front = order_.front();
    const auto it = open_.find(front.payment_hash);
    const bool live = it != open_.end() && it->second.serial == front.serial;
    if (live && front.expires_at > now) return;
    if (live) {
      counters_for(it->second.challenge.service).expired_unpaid.add();
      open_.erase(it);
    }
    order_.pop_front();
  }
}

void OpenChallenges::drop_oldest() {
  if (order_.empty()) return;
  const auto front = order_.front();
  order_.pop_front();
  const auto it = open_.find(front.payment_hash);
  if (it == open_.end() || it->second.serial != front.serial) return;
  open_.erase(it);
  dropped_.add();
}

}  // namespace l402d::gateway
