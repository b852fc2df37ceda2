#pragma once

// Short-term loudness (3 s windows, BS.1770 K-weighting) and the loudness
// range of EBU Tech 3342: how far a song's loud and quiet passages lie apart.
// Issue 17 asks every song to stay under 8 LU, and the mix to set the voice
// against the band by measurement, which these give.

#include <cstddef>
#include <vector>

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

// K-weighted mean square (channels summed) of every 100 ms block.
std::vector<double> block_energies(const AudioBuffer& audio);

// Loudness (LUFS) of the 100 ms blocks [first, last): their mean energy.
// -inf for silence or an empty range.
double loudness_of_blocks(const std::vector<double>& energies, std::size_t first, std::size_t last);

// Loudness of the frames [from, to) of `audio`, gated like BS.1770
// integrated loudness (-70 LUFS absolute, -10 LU relative on 400 ms blocks).
double gated_loudness(const AudioBuffer& audio, std::size_t from, std::size_t to);

// EBU Tech 3342 loudness range (LU): 3 s windows every 100 ms, gated at
// -70 LUFS and 20 LU below their mean, 95th minus 10th percentile.
double loudness_range(const AudioBuffer& audio);

}  // namespace l402d::engines::music::audio
