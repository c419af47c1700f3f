#pragma once
// Sample training images of one volume, to check before training that the
// landmarks give the sections the paper's grid means: the centre section, the
// extreme rotations about each axis, the extreme offsets and a flipped one,
// sampled exactly as training and the real pools sample them
// (core/slicesampler.h, intensities normalised as for training).

#include "core/augmentationgrid.h"
#include "core/result.h"
#include "studies/project.h"

#include <QImage>
#include <QString>

#include <vector>

namespace tr::studies {

struct PreviewImage {
    QImage image;       // 8-bit grey, matrix x matrix
    QString label;      // e.g. "L-R +10\u00b0", "offset -4 mm", "flipped"
    std::size_t index;  // in the grid
};

// Nine images (the grid's extremes) at `matrix` pixels of a volume as stored
// (it is normalised here, as for training); errors name the landmark or grid
// field that does not fit.
core::Result<std::vector<PreviewImage>> trainingPreview(core::Volume volume, const core::Landmarks& landmarks,
    core::AugmentationGrid grid = {}, int matrix = 128);
// The same for a volume of the project; errors name the volume.
core::Result<std::vector<PreviewImage>> trainingPreview(
    Project& project, const QString& pseudonym, core::AugmentationGrid grid = {}, int matrix = 128);

} // namespace tr::studies
