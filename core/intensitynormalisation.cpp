#include "core/intensitynormalisation.h"

#include <algorithm>
#include <iterator>

namespace tr::core {

IntensityWindow normalisationWindow(const Volume& volume, const NormalisationSettings& settings)
{
    const float background = quantile(volume.voxels, settings.lowQuantile);
    std::vector<float> head;
    head.reserve(volume.voxels.size() / 2);
    std::copy_if(volume.voxels.begin(), volume.voxels.end(), std::back_inserter(head),
        [&](float v) { return v > background; });
    IntensityWindow window{background, quantile(head, settings.highQuantile)};
    if (!(window.high > window.low))
        window.high = window.low + 1.0f;
    return window;
}

IntensityWindow normaliseIntensities(Volume& volume, const NormalisationSettings& settings)
{
    const auto window = normalisationWindow(volume, settings);
    const float scale = 1.0f / (window.high - window.low);
    for (float& v : volume.voxels)
        v = std::clamp((v - window.low) * scale, 0.0f, 1.0f);
    return window;
}

} // namespace tr::core
