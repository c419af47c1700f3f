#include "core/intensitywindow.h"

#include <algorithm>
#include <cmath>

namespace tr::core {

namespace {
float quantileInPlace(std::vector<float>& values, double q)
{
    const auto last = values.size() - 1;
    const auto n = static_cast<std::size_t>(std::llround(std::clamp(q, 0.0, 1.0) * static_cast<double>(last)));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n), values.end());
    return values[n];
}
} // namespace

IntensityWindow percentileWindow(std::span<const float> values, double lowQuantile, double highQuantile)
{
    if (values.empty())
        return {};
    std::vector<float> copy(values.begin(), values.end());
    IntensityWindow window{quantileInPlace(copy, lowQuantile), quantileInPlace(copy, highQuantile)};
    if (!(window.high > window.low))
        window.high = window.low + 1.0f;
    return window;
}

float quantile(std::span<const float> values, double q)
{
    if (values.empty())
        return 0.0f;
    std::vector<float> copy(values.begin(), values.end());
    return quantileInPlace(copy, q);
}

std::vector<std::uint8_t> toGray8(std::span<const float> values, IntensityWindow window)
{
    std::vector<std::uint8_t> out(values.size());
    const float scale = 255.0f / (window.high - window.low);
    std::transform(values.begin(), values.end(), out.begin(), [&](float v) {
        const float g = std::clamp((v - window.low) * scale, 0.0f, 255.0f);
        return static_cast<std::uint8_t>(std::lround(g));
    });
    return out;
}

} // namespace tr::core
