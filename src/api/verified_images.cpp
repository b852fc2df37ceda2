#include "api/verified_images.hpp"

#include <functional>

namespace l402d::api {

namespace {
std::uint64_t key_of(std::string_view field) {
  return std::hash<std::string_view>{}(field);
}
}  // namespace

std::optional<engines::vision::ImageProbe> VerifiedImages::find(std::string_view field) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(key_of(field));
  if (it == entries_.end() || it->second.length != field.size()) return std::nullopt;
  return it->second.probe;
}

void VerifiedImages::remember(std::string_view field, const engines::vision::ImageProbe& probe) {
  const auto key = key_of(field);
  std::unique_lock lock(mutex_);
  if (!entries_.insert_or_assign(key, Entry{field.size(), probe}).second) return;
  order_.push_back(key);
  while (order_.size() > capacity_) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
}

std::size_t VerifiedImages::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

VerifiedImages& verified_images() {
  // 4096 entries of a few dozen bytes each: every image of the last few
  // minutes of a busy server.
  static VerifiedImages images(4096);
  return images;
}

}  // namespace l402d::api
