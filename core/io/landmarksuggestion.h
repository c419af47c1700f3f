#pragma once
// The automatic landmark suggestion: registers the Colin27 template to a scan
// with ITK (rigid, then affine) and carries the template's landmarks
// (core/templatelandmarks.h) over. The coordinator accepts or moves them.

#include "core/landmarks.h"
#include "core/result.h"
#include "core/volume.h"

#include <functional>
#include <string>

namespace tr::core::io {

struct SuggestionSettings {
    bool affine = true;         // after the rigid stage; scales for head size
    unsigned threads = 0;       // ITK threads; 0: one, so results repeat bit for bit (more are faster, not reproducible)
    unsigned randomSeed = 7;    // metric sampling: fixed, so results repeat
};

struct LandmarkSuggestion {
    Landmarks landmarks;      // in the scan's LPS mm
    double rigidMetric = 0.0; // Mattes mutual information (negative: lower is better)
    double finalMetric = 0.0;
    std::string summary;      // rotation and scale found, for the coordinator
};

// `atlas` and `atlasLandmarks` are the template and its points; normally
// Colin27 and colin27Landmarks(). Progress gets a short line per stage.
Result<LandmarkSuggestion> suggestLandmarks(const Volume& scan, const Volume& atlas,
    const Landmarks& atlasLandmarks, const SuggestionSettings& settings = {},
    const std::function<void(const std::string&)>& progress = {});

// Reads the installed Colin27 (whole head, or brain-extracted when the scan is
// skull-stripped: most of its non-zero voxels are brain) and suggests.
Result<LandmarkSuggestion> suggestLandmarksFromColin27(const Volume& scan, const SuggestionSettings& settings = {},
    const std::function<void(const std::string&)>& progress = {});

// Whether a scan looks skull-stripped: its bright voxels hold no rim of scalp,
// judged from the share of non-background voxels.
bool looksSkullStripped(const Volume& scan);

} // namespace tr::core::io
