#pragma once

// The composer's only source of chance. std::hash and the standard
// distributions differ between library builds, and a song must come out the
// same for the same request on every build, so both the seed hash (FNV-1a) and
// the generator (SplitMix64) are spelled out here.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace l402d::engines::music {

constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // Uniform in [lo, hi], both included; the modulo bias is irrelevant at these sizes.
  int range(int lo, int hi) {
    if (hi <= lo) return lo;
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<int>(next() % span);
  }

  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  bool chance(double p) { return unit() < p; }

  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(range(0, static_cast<int>(items.size()) - 1))];
  }

  // A child generator, so that one part's choices do not shift another's.
  Rng fork(std::string_view label) { return Rng(fnv1a(label, next())); }

 private:
  std::uint64_t state_;
};

}  // namespace l402d::engines::music
