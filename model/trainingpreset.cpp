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
    TrainingPreset p;
    p.name = "recommended";
    p.line = "The paper's network with what measured best per CPU hour: resize-convolution upsampling, a moving "
             "average of the generator's weights, DiffAugment and the mode-seeking term; 64 px, batch 16.";
    DcganOptions& o = p.options;
    o.resolution = 64;
    o.batchSize = 16;
    o.modeSeekingWeight = 1.0;
    o.upsampling = DcganOptions::Upsampling::ResizeConvolution;
    o.emaDecay = 0.999;
    o.diffAugment = true;
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
