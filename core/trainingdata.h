#pragma once
// The prepared training data: aligned, intensity-normalised volumes with their
// AC-PC frames and the augmentation grid, in one plain binary file that the
// LibTorch-only build reads without Qt, ITK or SQLite. The full build writes it
// from a project (turing-reader-cli prepare); training draws image indices from
// it through SliceSampler, so the 48,510 images per volume are never stored.
//
// Layout (little-endian): "TRDATA1\n", a uint32 byte count and that many bytes of
// "key=value" text lines (grid, then per volume its pseudonym and geometry), then
// each volume's float32 voxels in order. Nothing identifying is in it: volumes are
// named by their project pseudonyms.

#include "core/alignedframe.h"
#include "core/augmentationgrid.h"
#include "core/result.h"
#include "core/volume.h"

#include <filesystem>
#include <string>
#include <vector>

namespace tr::core {

struct PreparedVolume {
    std::string pseudonym;
    Volume volume;      // canonical order, intensities normalised to [0, 1]
    AlignedFrame frame; // from the volume's landmarks
};

struct TrainingData {
    AugmentationGrid grid;
    std::vector<PreparedVolume> volumes;

    std::size_t imageCount() const { return grid.count() * volumes.size(); }
    // "V001 V002 ...; <grid>": what a checkpoint or model file records.
    std::string description() const;
};

// Written to PATH.part, then renamed.
Result<void> writeTrainingData(const std::filesystem::path& path, const TrainingData& data);
// Errors name the file: missing, not training data, truncated, inconsistent.
Result<TrainingData> readTrainingData(const std::filesystem::path& path);

} // namespace tr::core
