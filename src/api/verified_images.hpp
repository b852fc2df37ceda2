#pragma once

// Images that passed the full check (a real decode) before an invoice, known by
// their base64 text. Every buyer sends the same body at least twice, unpaid and
// then paid, and clients that ask again for an invoice send it again: decoding
// each time would cost the image's whole decode (up to tens of milliseconds)
// per repeat, before anyone has paid.
//
// The key is a 64-bit hash of the text plus its length. A collision could only
// let one image skip the check before payment; the engine decodes it again,
// bounded by the same limits, after payment, so the worst case is a buyer's own
// failed (and still redeemable) job.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string_view>
#include <unordered_map>

#include "engines/vision/image_input.hpp"

namespace l402d::api {

class VerifiedImages {
 public:
  explicit VerifiedImages(std::size_t capacity) : capacity_(capacity) {}

  std::optional<engines::vision::ImageProbe> find(std::string_view field) const;
  // Forgets the oldest entry beyond the capacity.
  void remember(std::string_view field, const engines::vision::ImageProbe& probe);
  std::size_t size() const;

 private:
  struct Entry {
    std::size_t length = 0;
    engines::vision::ImageProbe probe;
  };
  const std::size_t capacity_;
  // Every challenge on every I/O thread reads; only a new image writes. A
  // plain mutex made the I/O threads wait for each other (futex wake-ups).
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::deque<std::uint64_t> order_;  // oldest first
};

// The process's own, shared by every vision route.
VerifiedImages& verified_images();

}  // namespace l402d::api
