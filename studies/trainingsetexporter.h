#pragma once
// Writes a volume's training images (the paper's grid, augmentationgrid.h) as
// PNG files with a manifest, for inspection or for training elsewhere.
//
// DIR/trainingset.txt  what was asked: volume, grid, selection, format
// DIR/manifest.csv     index,volume,lr_deg,ap_deg,cc_deg,offset_mm,flipped,file
// DIR/V001_000123.png  one image per selected index
//
// A manifest line is appended only after its PNG is completely on disk (written
// through QSaveFile, then renamed), so an export that is interrupted, killed or
// stopped by a full disk resumes where it stopped when run again with the same
// settings; a folder holding a different export is never touched.

#include "core/augmentationgrid.h"
#include "core/result.h"
#include "studies/project.h"

#include <QString>

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>

namespace tr::studies {

enum class ImageFormat { Png8, Png16 };

struct ExportSettings {
    QString volume;     // pseudonym
    QString outputDir;
    core::AugmentationGrid grid;
    ImageFormat format = ImageFormat::Png8;
    std::optional<std::size_t> count; // a random subset of this many; all when empty
    quint64 seed = 1;                 // for the subset
    unsigned threads = 0;             // 0: one per core
};

struct ExportProgress {
    std::size_t done = 0;    // written in this run or found from an earlier one
    std::size_t resumed = 0; // of done, found complete from an earlier run
    std::size_t total = 0;
};

struct ExportSummary {
    ExportProgress progress;
    bool cancelled = false;
};

// The indices an export writes: all of the grid, or `count` distinct ones drawn
// with `seed`, ascending. Fails when count exceeds the grid's size.
core::Result<std::vector<std::size_t>> selectIndices(const ExportSettings& settings);

core::Result<ExportSummary> exportTrainingSet(Project& project, const ExportSettings& settings,
    const std::function<void(const ExportProgress&)>& onProgress, const std::atomic<bool>& cancel);

} // namespace tr::studies
