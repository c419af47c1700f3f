#pragma once
// Images into test, validation and training parts whole groups at a time, so
// that no subject is in two parts (the realism report's observers and the
// study's blinding check are scored on subjects they were not fitted on).

#include "core/realismreport.h"
#include "core/splitmix64.h"

#include <cstddef>
#include <vector>

namespace tr::core {

struct SubjectSplit {
    std::vector<std::size_t> train, validation, test; // indices, each part shuffled
    int trainGroups = 0, testGroups = 0;               // validation groups count as training ones
};

// testShare of the groups (at least 1) are held out for testing; of the rest,
// validationShare (0: none) for validation, leaving at least one group to train
// on. Images of group -1 are groups of their own. Needs 2 groups (3 with a
// validation part); fewer give empty parts, which callers refuse.
SubjectSplit splitBySubject(const std::vector<RealismImage>& images, double testShare, double validationShare,
    SplitMix64& random);

// Both sources the same size in each part, so that 0.5 is chance.
void balanceParts(std::vector<std::size_t>& a, std::vector<std::size_t>& b);

} // namespace tr::core
