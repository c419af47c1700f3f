#pragma once
// The realism report's computation (core/realismreport.h) from real images
// grouped by subject and a generator's images: the split by subject, the
// single-cue observers, the CNN observer, memorisation and diversity. The
// studies layer gathers the images from a project and stores the result.

#include "core/realismevaluator.h"
#include "core/realismreport.h"
#include "core/result.h"
#include "model/machineobserver.h"

#include <atomic>
#include <functional>
#include <string>

namespace tr::model {

struct RealismSettings {
    MachineObserverSettings observer;
    bool runObserver = true;    // false: cues, memorisation and diversity only (fast)
    double testShare = 1.0 / 3.0;       // of the subjects (real) and of the created images, held out
    double validationShare = 0.2;       // of the rest, for the CNN's early stopping
    int memorisationChecked = 1000;     // created images searched for their nearest real image
    int realBaseline = 1000;            // real images whose nearest other-subject image sets the baseline
    int diversityPairs = 2000;
    std::uint64_t seed = 1;
};

struct RealismProgress {
    std::string stage; // "cues", "CNN observer", "memorisation", "diversity"
    double fraction = 0.0;
};

// Fails, naming the field, when there are too few subjects (3) or images, or
// the images are not side x side. A stop request returns Error "stopped".
core::Result<core::RealismReport> evaluateRealism(const core::RealismInput& input, const RealismSettings& settings,
    const std::function<void(const RealismProgress&)>& progress, const std::atomic<bool>& stop);

// The same with the study layer's options (core::RealismEvaluator): the
// device resolved, the seed for the split and the CNN alike.
core::Result<core::RealismReport> evaluateRealism(const core::RealismInput& input, const core::RealismOptions& options,
    const core::RealismStageProgress& progress, const std::atomic<bool>& stop);

} // namespace tr::model
