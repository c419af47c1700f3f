#pragma once
// Mapping of scanner intensities to 8-bit grey. MR intensities have no absolute
// scale and a few very bright voxels (vessels, fat, artefacts) would darken a
// min/max mapping, so the window is taken from percentiles.

#include <cstdint>
#include <span>
#include <vector>

namespace tr::core {

struct IntensityWindow {
    float low = 0.0f;
    float high = 1.0f;
};

// The window between the given quantiles (0..1) of the values. Returns {0, 1}
// for an empty span; widens a zero-width window so that mapping stays defined.
IntensityWindow percentileWindow(std::span<const float> values, double lowQuantile = 0.005,
    double highQuantile = 0.995);

// The q-quantile (0..1, nearest rank) of the values; 0 for an empty span.
float quantile(std::span<const float> values, double q);

// Linear map of [low, high] to [0, 255], clamped.
std::vector<std::uint8_t> toGray8(std::span<const float> values, IntensityWindow window);

} // namespace tr::core
