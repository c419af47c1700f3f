#pragma once
// The realism report's computation as the study layer asks for it: plain
// options, progress by stage and a stop flag. The model layer implements it
// (model/realismevaluation.h: the CNN observer needs LibTorch); the front-ends
// hand it to the study layer, which gathers the images and keeps the result.

#include "core/realismreport.h"
#include "core/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace tr::core {

struct RealismOptions {
    std::uint64_t seed = 1;     // the split, the observers' initialisation and the draws
    std::string device = "cpu"; // where the CNN observer trains ("cpu", "cuda", ...)
    bool observer = true;       // false: the single cues, memorisation and diversity only
};

using RealismStageProgress = std::function<void(const std::string& stage, double fraction)>;

using RealismEvaluator = std::function<Result<RealismReport>(const RealismInput& input, const RealismOptions& options,
    const RealismStageProgress& progress, const std::atomic<bool>& stop)>;

} // namespace tr::core
