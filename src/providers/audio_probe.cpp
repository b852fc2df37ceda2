#include "providers/audio_probe.hpp"

#include <array>
#include <cstring>

namespace l402d::providers {

namespace {

std::uint32_t le32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
std::uint16_t le16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

AudioFacts probe_wav(ByteView d) {
  AudioFacts f;
  std::size_t pos = 12;
  while (pos + 8 <= d.size()) {
    std::uint32_t size = le32(&d[pos + 4]);
    if (std::memcmp(&d[pos], "fmt ", 4) == 0 && pos + 8 + 16 <= d.size()) {
      const auto* p = &d[pos + 8];
      f.format = "wav";
      f.channels = le16(p + 2);
      f.sample_rate = static_cast<int>(le32(p + 4));
      f.bits_per_sample = le16(p + 14);
      return f;
    }
    pos += 8 + size + (size & 1);
  }
  return f;
}

// MPEG audio frame header fields (ISO 11172-3 / 13818-3).
AudioFacts probe_mp3(ByteView d) {
  AudioFacts f;
  std::size_t pos = 0;
  if (d.size() >= 10 && std::memcmp(d.data(), "ID3", 3) == 0) {
    // Synchsafe size of the ID3v2 tag, then the header, then an optional footer.
    std::size_t size = (static_cast<std::size_t>(d[6] & 0x7f) << 21) |
                       (static_cast<std::size_t>(d[7] & 0x7f) << 14) |
                       (static_cast<std::size_t>(d[8] & 0x7f) << 7) | (d[9] & 0x7f);
    pos = 10 + size + ((d[5] & 0x10) ? 10 : 0);
  }
  static constexpr std::array<int, 16> v1_l3 = {0,   32,  40,  48,  56,  64,  80,  96,
                                                112, 128, 160, 192, 224, 256, 320, 0};
  static constexpr std::array<int, 16> v2_l3 = {0,  8,  16, 24,  32,  40,  48,  56,
                                                64, 80, 96, 112, 128, 144, 160, 0};
  for (; pos + 4 <= d.size() && pos < 1 << 20; ++pos) {
    if (d[pos] != 0xff || (d[pos + 1] & 0xe0) != 0xe0) continue;
    int version = (d[pos + 1] >> 3) & 3;  // 0: 2.5, 2: 2, 3: 1
    int layer = (d[pos + 1] >> 1) & 3;    // 1: layer III
    int bitrate_index = d[pos + 2] >> 4;
    int rate_index = (d[pos + 2] >> 2) & 3;
    if (version == 1 || layer != 1 || bitrate_index == 0 || bitrate_index == 15 ||
        rate_index == 3) {
      continue;
    }
    static constexpr std::array<int, 3> base = {44100, 48000, 32000};
    int rate = base[static_cast<std::size_t>(rate_index)];
    if (version == 2) rate /= 2;
    if (version == 0) rate /= 4;
    int kbps = (version == 3 ? v1_l3 : v2_l3)[static_cast<std::size_t>(bitrate_index)];
    f.format = "mp3";
    f.sample_rate = rate;
    f.bitrate = kbps * 1000;
    f.channels = ((d[pos + 3] >> 6) & 3) == 3 ? 1 : 2;
    return f;
  }
  return f;
}

}  // namespace

AudioFacts probe_audio(ByteView d) {
  if (d.size() >= 12 && std::memcmp(d.data(), "RIFF", 4) == 0 &&
      std::memcmp(d.data() + 8, "WAVE", 4) == 0) {
    return probe_wav(d);
  }
  return probe_mp3(d);
}

}  // namespace l402d::providers
