#include "core/imagecues.h"

#include <cmath>
#include <cstdlib>

namespace tr::core {

namespace {

// 3 x 3 means with the border replicated: the same smoothing for every cue.
std::vector<float> boxMean3(std::span<const std::uint8_t> pixels, int side)
{
    std::vector<float> out(pixels.size());
    const auto at = [&](int x, int y) {
        x = x < 0 ? 0 : (x >= side ? side - 1 : x);
        y = y < 0 ? 0 : (y >= side ? side - 1 : y);
        return float(pixels[std::size_t(y) * std::size_t(side) + std::size_t(x)]);
    };
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            float sum = 0.0f;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx)
                    sum += at(x + dx, y + dy);
            out[std::size_t(y) * std::size_t(side) + std::size_t(x)] = sum / 9.0f;
        }
    return out;
}

} // namespace

std::vector<bool> airMask(std::span<const std::uint8_t> pixels, int side)
{
    const auto mean = boxMean3(pixels, side);
    const std::size_t n = std::size_t(side) * std::size_t(side);
    std::vector<bool> air(n, false);
    std::vector<std::size_t> stack;
    const auto push = [&](std::size_t i) {
        if (!air[i] && mean[i] < kAirLevel) {
            air[i] = true;
            stack.push_back(i);
        }
    };
    for (int k = 0; k < side; ++k) {
        push(std::size_t(k));
        push(std::size_t(side - 1) * std::size_t(side) + std::size_t(k));
        push(std::size_t(k) * std::size_t(side));
        push(std::size_t(k) * std::size_t(side) + std::size_t(side - 1));
    }
    while (!stack.empty()) {
        const std::size_t i = stack.back();
        stack.pop_back();
        const int x = int(i % std::size_t(side)), y = int(i / std::size_t(side));
        if (x > 0)
            push(i - 1);
        if (x + 1 < side)
            push(i + 1);
        if (y > 0)
            push(i - std::size_t(side));
        if (y + 1 < side)
            push(i + std::size_t(side));
    }
    return air;
}

ImageCues imageCues(std::span<const std::uint8_t> pixels, int side, std::size_t pngBytes)
{
    ImageCues cues;
    cues.pngBytes = double(pngBytes);
    const std::size_t n = std::size_t(side) * std::size_t(side);
    if (side < 3 || pixels.size() != n)
        return cues;
    const auto air = airMask(pixels, side);
    const auto mean = boxMean3(pixels, side);
    std::size_t airCount = 0, airAbove = 0, head = 0, pairs = 0;
    double airSum = 0.0, detail = 0.0, mirrored = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        cues.histogram[pixels[i]] += 1.0f;
        if (air[i]) {
            ++airCount;
            airSum += pixels[i];
            airAbove += pixels[i] > 0 ? 1 : 0;
        } else {
            ++head;
            detail += std::abs(double(pixels[i]) - double(mean[i]));
        }
        const std::size_t x = i % std::size_t(side), row = i - x;
        const std::size_t mirror = row + std::size_t(side) - 1 - x;
        if (!air[i] || !air[mirror]) {
            ++pairs;
            mirrored += std::abs(int(pixels[i]) - int(pixels[mirror]));
        }
    }
    for (float& h : cues.histogram)
        h /= float(n);
    cues.airAboveZero = airCount ? double(airAbove) / double(airCount) : 0.0;
    cues.airMean = airCount ? airSum / double(airCount) : 0.0;
    cues.highFrequency = head ? detail / double(head) : 0.0;
    cues.asymmetry = pairs ? mirrored / double(pairs) : 0.0;
    return cues;
}

} // namespace tr::core
