#pragma once
// The single-cue observers of the realism report and of a study's blinding
// check: each cue that a reader (or a one-feature classifier) could use
// instead of anatomy (imagecues.h), fitted on one set of real and created
// images and scored on another. The grey-level histogram gets a logistic
// regression on its 256 bins; every one-number cue a threshold.

#include "core/realismreport.h"

#include <vector>

namespace tr::core {

struct LabelledSet {
    std::vector<const RealismImage*> images;
    std::vector<bool> created;
};

// One ObserverResult per cue, the histogram first. The PNG size cue is left
// out unless every image has its size.
std::vector<ObserverResult> singleCueObservers(const LabelledSet& fit, const LabelledSet& test, int side);

} // namespace tr::core
