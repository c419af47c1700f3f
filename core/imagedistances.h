#pragma once
// How alike two 8-bit images are, for the memorisation and diversity parts of
// the realism report: pixel RMS (grey levels) and SSIM (Wang et al. 2004, 7 x 7
// uniform windows as scikit-image's default, K1 0.01, K2 0.03, L 255).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tr::core {

using GreyImage = std::vector<std::uint8_t>;

double rmsDistance(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
double ssim(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b, int side);

struct Nearest {
    std::size_t index = 0; // into the references
    double rms = 0.0;
};

// Each query's nearest reference by RMS, skipping references for which
// skip(query, reference) is true (e.g. the query's own subject). A query
// with no eligible reference gets index = references.size().
template <typename Skip>
std::vector<Nearest> nearestByRms(const std::vector<const GreyImage*>& queries,
    const std::vector<const GreyImage*>& references, Skip skip);

// Mean RMS distance over `pairs` random pairs of distinct images (seeded):
// how different the images of one source are from each other. Collapse onto
// few images shows as a value far below the real images'.
double meanPairwiseRms(const std::vector<const GreyImage*>& images, int pairs, std::uint64_t seed);

// --- implementation of the template ---
double squaredDistanceBounded(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b, double bound);

template <typename Skip>
std::vector<Nearest> nearestByRms(
    const std::vector<const GreyImage*>& queries, const std::vector<const GreyImage*>& references, Skip skip)
{
    std::vector<Nearest> out(queries.size());
    for (std::size_t q = 0; q < queries.size(); ++q) {
        double best = -1.0;
        out[q].index = references.size();
        for (std::size_t r = 0; r < references.size(); ++r) {
            if (skip(q, r))
                continue;
            const double d = squaredDistanceBounded(*queries[q], *references[r], best);
            if (best < 0.0 || d < best) {
                best = d;
                out[q].index = r;
            }
        }
        out[q].rms = best < 0.0 ? 0.0 : std::sqrt(best / double(queries[q]->size()));
    }
    return out;
}

} // namespace tr::core
