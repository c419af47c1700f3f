#include "core/imagedistances.h"

#include "core/splitmix64.h"

#include <algorithm>
#include <cmath>

namespace tr::core {

double squaredDistanceBounded(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b, double bound)
{
    // Sum of squared differences, given up once it passes `bound` (the best so
    // far; < 0 for none): most references are far from a query, so the search
    // rarely reads a whole image. Rows at a time keep the check cheap.
    const std::size_t n = std::min(a.size(), b.size());
    const std::size_t row = 64;
    double sum = 0.0;
    for (std::size_t start = 0; start < n; start += row) {
        const std::size_t end = std::min(n, start + row);
        long long part = 0;
        for (std::size_t i = start; i < end; ++i) {
            const int d = int(a[i]) - int(b[i]);
            part += d * d;
        }
        sum += double(part);
        if (bound >= 0.0 && sum > bound)
            return sum;
    }
    return sum;
}

double rmsDistance(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b)
{
    const std::size_t n = std::min(a.size(), b.size());
    return n ? std::sqrt(squaredDistanceBounded(a, b, -1.0) / double(n)) : 0.0;
}

double ssim(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b, int side)
{
    constexpr int kWindow = 7, kHalf = kWindow / 2;
    constexpr double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
    constexpr double count = kWindow * kWindow;
    if (side < kWindow || a.size() < std::size_t(side) * std::size_t(side) || b.size() < a.size())
        return 0.0;
    double total = 0.0;
    int windows = 0;
    for (int y = kHalf; y < side - kHalf; ++y)
        for (int x = kHalf; x < side - kHalf; ++x) {
            double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
            for (int dy = -kHalf; dy <= kHalf; ++dy) {
                const std::size_t base = std::size_t(y + dy) * std::size_t(side);
                for (int dx = -kHalf; dx <= kHalf; ++dx) {
                    const double va = a[base + std::size_t(x + dx)], vb = b[base + std::size_t(x + dx)];
                    sa += va;
                    sb += vb;
                    saa += va * va;
                    sbb += vb * vb;
                    sab += va * vb;
                }
            }
            const double ma = sa / count, mb = sb / count;
            // Sample (co)variances, as scikit-image computes them by default.
            const double norm = count / (count - 1.0);
            const double va = (saa / count - ma * ma) * norm, vb = (sbb / count - mb * mb) * norm;
            const double cov = (sab / count - ma * mb) * norm;
            total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            ++windows;
        }
    return windows ? total / windows : 0.0;
}

double meanPairwiseRms(const std::vector<const GreyImage*>& images, int pairs, std::uint64_t seed)
{
    if (images.size() < 2 || pairs < 1)
        return 0.0;
    SplitMix64 random(seed);
    double sum = 0.0;
    for (int k = 0; k < pairs; ++k) {
        const std::size_t i = std::size_t(random.below(images.size()));
        std::size_t j = std::size_t(random.below(images.size() - 1));
        if (j >= i)
            ++j;
        sum += rmsDistance(*images[i], *images[j]);
    }
    return sum / pairs;
}

} // namespace tr::core
