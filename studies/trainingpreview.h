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

// Nine images (the grid's extremes) at `matrix` pixels; errors name the volume
// (missing, or landmarks incomplete or implausible).
core::Result<std::vector<PreviewImage>> trainingPreview(
    Project& project, const QString& pseudonym, core::AugmentationGrid grid = {}, int matrix = 128);

} // namespace tr::studies
