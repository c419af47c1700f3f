#include "core/createdimage.h"

#include "core/splitmix64.h"

namespace tr::core {

std::uint64_t imageSeed(std::uint64_t batchSeed, std::uint64_t index)
{
    // Output number index + 1 of a SplitMix64 seeded with batchSeed, reached directly.
    return splitMix64Mix(batchSeed + kSplitMix64Increment * (index + 1));
}

} // namespace tr::core
