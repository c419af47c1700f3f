#pragma once
// The same intensity scale for every volume of a training set. MR intensities
// have no absolute unit and differ between scanners, sessions and volumes, and a
// few very bright voxels (vessels, fat, artefacts) would compress a min/max
// scale, so the scale comes from percentiles of the head (voxels above the
// background), which does not depend on how much empty air surrounds the head.

#include "core/intensitywindow.h"
#include "core/volume.h"

namespace tr::core {

struct NormalisationSettings {
    double lowQuantile = 0.005;  // of all voxels: the background level, mapped to 0
    double highQuantile = 0.995; // of voxels above the background, mapped to 1
};

// The window normaliseIntensities() would use.
IntensityWindow normalisationWindow(const Volume& volume, const NormalisationSettings& settings = {});

// Maps the window to [0, 1] in place, clamping outliers. Returns the window used.
IntensityWindow normaliseIntensities(Volume& volume, const NormalisationSettings& settings = {});

} // namespace tr::core
