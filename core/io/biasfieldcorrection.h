#pragma once
// N4 bias-field correction (Tustison et al. 2010, ITK's N4BiasFieldCorrection-
// ImageFilter): removes the slow intensity drift that receive coils leave across
// a scan, which would otherwise differ from volume to volume and teach a
// generator a scanner artefact. Optional at import (--n4).

#include "core/result.h"
#include "core/volume.h"

namespace tr::core::io {

struct BiasFieldSettings {
    unsigned shrinkFactor = 4;      // fit on a coarser grid, apply at full resolution
    unsigned fittingLevels = 3;
    unsigned iterationsPerLevel = 50;
};

// The corrected volume (same grid); the head is found with an Otsu threshold.
Result<Volume> correctBiasField(const Volume& volume, const BiasFieldSettings& settings = {});

} // namespace tr::core::io
