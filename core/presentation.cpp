#include "core/presentation.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace tr::core {

std::uint8_t presentedGrey(float intensity)
{
    // The very float operations of the generator's path (model/networks.cpp,
    // presentedGreys), rounding half to even as LibTorch does, so that one
    // intensity gives one grey level whichever source it came from.
    const float g = std::clamp((intensity - kPresentedBlack) * kPresentedScale, 0.0f, 1.0f) * 255.0f;
    return static_cast<std::uint8_t>(std::nearbyint(g));
}

void presentGrey(std::span<const float> in, std::span<std::uint8_t> out)
{
    assert(out.size() >= in.size());
    std::transform(in.begin(), in.end(), out.begin(), presentedGrey);
}

} // namespace tr::core
