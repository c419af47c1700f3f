#include "studies/readerdraw.h"

#include "core/splitmix64.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace tr::studies {

namespace {

template <typename T>
void shuffle(std::vector<T>& items, core::SplitMix64& random)
{
    for (std::size_t i = items.size(); i > 1; --i)
        std::swap(items[i - 1], items[std::size_t(random.below(i))]);
}

core::Error designError(const std::string& field, const std::string& message)
{
    return core::Error{core::ErrorCode::InvalidArgument, field, message, {}};
}

// `count` distinct positions of a pool of `size`, the rest kept for later draws.
std::vector<int> takeFrom(std::vector<int>& remaining, int count, core::SplitMix64& random)
{
    shuffle(remaining, random);
    std::vector<int> taken(remaining.end() - count, remaining.end());
    remaining.resize(remaining.size() - std::size_t(count));
    return taken;
}

} // namespace

core::Result<ReaderDraw> drawForReader(const DrawDesign& design, int realPool, int createdPool,
    std::uint64_t studySeed, std::uint64_t readerSeed)
{
    if (design.imagesPerReader < 1)
        return designError("images per reader", "must be at least 1.");
    if (!(design.minimumCreatedShare >= 0.0 && design.minimumCreatedShare <= design.maximumCreatedShare
            && design.maximumCreatedShare <= 1.0))
        return designError("created share", "needs 0 <= minimum <= maximum <= 1.");
    if (design.trainingCases < 0)
        return designError("training cases", "cannot be negative.");
    const int fewest = int(std::ceil(design.minimumCreatedShare * design.imagesPerReader - 1e-9));
    const int most = int(std::floor(design.maximumCreatedShare * design.imagesPerReader + 1e-9));
    if (fewest > most)
        return designError("created share", "no whole number of created images out of "
                + std::to_string(design.imagesPerReader) + " lies in that range.");
    const int trainingCreated = design.trainingCases / 2, trainingReal = design.trainingCases - trainingCreated;
    if (createdPool < most + trainingCreated)
        return designError("created images", "the pool has " + std::to_string(createdPool) + "; this design needs "
                + std::to_string(most + trainingCreated) + " (main block and training). Generate more.");
    if (realPool < design.imagesPerReader - fewest + trainingReal)
        return designError("real images", "the pool has " + std::to_string(realPool) + "; this design needs "
                + std::to_string(design.imagesPerReader - fewest + trainingReal) + " (main block and training).");

    // The set: from the study's seed when every reader shares it.
    core::SplitMix64 setRandom(
        design.sameSetForEveryReader ? studySeed : readerSeed ^ (studySeed * core::kSplitMix64Increment));
    ReaderDraw draw;
    draw.createdCount = fewest + int(setRandom.below(std::uint64_t(most - fewest + 1)));
    std::vector<int> real(static_cast<std::size_t>(realPool)), created(static_cast<std::size_t>(createdPool));
    std::iota(real.begin(), real.end(), 0);
    std::iota(created.begin(), created.end(), 0);
    for (int i : takeFrom(created, draw.createdCount, setRandom))
        draw.main.push_back({true, i});
    for (int i : takeFrom(real, design.imagesPerReader - draw.createdCount, setRandom))
        draw.main.push_back({false, i});
    for (int i : takeFrom(created, trainingCreated, setRandom))
        draw.training.push_back({true, i});
    for (int i : takeFrom(real, trainingReal, setRandom))
        draw.training.push_back({false, i});

    // The order: always the reader's own.
    core::SplitMix64 orderRandom(readerSeed);
    shuffle(draw.main, orderRandom);
    shuffle(draw.training, orderRandom);
    return draw;
}

} // namespace tr::studies
