#pragma once
// An image made by the generator, with what regenerates it exactly: its own
// seed and the latent vector drawn from it.

#include <cstdint>
#include <vector>

namespace tr::model {

struct CreatedImage {
    std::uint64_t seed = 0;           // this image's own seed (derived from the batch seed and its index)
    std::vector<float> latent;        // uniform in [-1, 1], drawn from seed
    std::vector<std::uint8_t> pixels; // S x S, row-major, 8-bit grey like the exported real slices
};

// Image i of a batch drawn with `seed` has seed imageSeed(seed, i) (SplitMix64),
// so any single image can be made again on its own.
std::uint64_t imageSeed(std::uint64_t batchSeed, std::uint64_t index);

} // namespace tr::model
