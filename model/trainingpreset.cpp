#include "model/trainingpreset.h"

namespace tr::model {

namespace {

TrainingPreset paper()
{
    TrainingPreset p;
    p.name = "paper";
    p.line = "Kikuchi et al.'s DCGAN as published: 256 px, batch 64, 35 epochs, transposed convolutions, no "
             "regularisation. For reproducing the paper; on a CPU it is slow and its images are easy to tell.";
    p.epochs = 35; // DcganOptions' defaults are the paper's
    return p;
}

TrainingPreset recommended()
{
    // What measured best at one CPU budget (resources/models/RECIPES.md): the
    // paper's network at 64 px with batch 16 and the mode-seeking term. The
    // moving average, DiffAugment, R1 and resize-convolution each cost realism
    // at that budget, and bfloat16 pays only with resize-convolution, so none
    // is on; each stays an option for longer runs.
    TrainingPreset p;
    p.name = "recommended";
    p.line = "The paper's network at 64 px, batch 16, with the mode-seeking term that keeps it from collapsing "
             "to one image: what measured most realistic at one CPU budget on a 2-core CPU (resources/models/RECIPES.md).";
    DcganOptions& o = p.options;
    o.resolution = 64;
    o.batchSize = 16;
    o.modeSeekingWeight = 1.0;
    p.epochs = 35;
    return p;
}

} // namespace

const std::vector<TrainingPreset>& trainingPresets()
{
    static const std::vector<TrainingPreset> presets{recommended(), paper()};
    return presets;
}

std::optional<TrainingPreset> trainingPreset(const std::string& name)
{
    for (const auto& p : trainingPresets())
        if (p.name == name)
            return p;
    return std::nullopt;
}

const TrainingPreset& recommendedPreset() { return trainingPresets().front(); }

} // namespace tr::model
