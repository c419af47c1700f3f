#pragma once
// Which images a reader sees, and in what order: the randomisation of the
// paper's protocol, reproducible from a seed stored with the session.
//
// Per reader: the created share is drawn uniformly in [minimum, maximum] and
// realised as an exact count (the paper: 40-60 % of 50, so 20-30 created
// images); that many created and the rest real images are drawn from their
// pools without replacement and shuffled together. The training block is drawn
// from the images of each pool that the main block does not use. With
// "same set for every reader", the set comes from the study's seed and only the
// order comes from the reader's seed.
//
// Plain C++ and core's SplitMix64, so a stored seed gives the same
// draw on every platform and standard library.

#include "core/result.h"

#include <cstdint>
#include <vector>

namespace tr::studies {

struct DrawDesign {
    int imagesPerReader = 50;      // main block
    double minimumCreatedShare = 0.4;
    double maximumCreatedShare = 0.6;
    int trainingCases = 10;        // shown first, with feedback; half created (rounded down)
    bool sameSetForEveryReader = false;
};

struct DrawnImage {
    bool created = false; // which pool
    int index = 0;        // position in that pool
    bool operator==(const DrawnImage&) const = default;
};

struct ReaderDraw {
    int createdCount = 0;            // in the main block
    std::vector<DrawnImage> main;    // presentation order
    std::vector<DrawnImage> training;
};

// Errors name the design field or the pool that does not fit.
core::Result<ReaderDraw> drawForReader(const DrawDesign& design, int realPool, int createdPool,
    std::uint64_t studySeed, std::uint64_t readerSeed);

} // namespace tr::studies
