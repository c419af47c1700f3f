#include "model/dcganoptions.h"

namespace tr::model {

std::vector<std::string> DcganOptions::problems() const
{
    std::vector<std::string> out;
    if (resolution != 64 && resolution != 128 && resolution != 256)
        out.push_back("resolution: " + std::to_string(resolution) + " is not 64, 128 or 256");
    if (latentSize < 1 || latentSize > 4096)
        out.push_back("latent size: " + std::to_string(latentSize) + " is outside 1..4096");
    if (generatorWidth < 1 || generatorWidth > 1024)
        out.push_back("generator width: " + std::to_string(generatorWidth) + " is outside 1..1024");
    if (discriminatorWidth < 1 || discriminatorWidth > 1024)
        out.push_back("discriminator width: " + std::to_string(discriminatorWidth) + " is outside 1..1024");
    if (kernelSize < 3 || kernelSize > 7 || kernelSize % 2 == 0)
        out.push_back("kernel size: " + std::to_string(kernelSize) + " is not 3, 5 or 7");
    if (!(leakySlope >= 0.0 && leakySlope < 1.0))
        out.push_back("leaky slope: must lie in [0, 1)");
    if (!(realLabel > 0.5 && realLabel <= 1.0))
        out.push_back("real label: must lie in (0.5, 1]");
    if (!(modeSeekingWeight >= 0.0 && modeSeekingWeight <= 100.0))
        out.push_back("mode-seeking weight: must lie in [0, 100]");
    if (modeSeekingWeight > 0.0 && batchSize < 2)
        out.push_back("mode-seeking weight: needs a batch of at least 2 images");
    if (!(learningRate > 0.0 && learningRate < 1.0))
        out.push_back("learning rate: must lie in (0, 1)");
    if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0))
        out.push_back("Adam betas: must lie in [0, 1)");
    if (batchSize < 1 || batchSize > 4096)
        out.push_back("batch size: " + std::to_string(batchSize) + " is outside 1..4096");
    if (!(emaDecay == 0.0 || (emaDecay >= 0.9 && emaDecay < 1.0)))
        out.push_back("EMA decay: must be 0 (off) or lie in [0.9, 1)");
    if (!(r1Weight >= 0.0 && r1Weight <= 1000.0))
        out.push_back("R1 weight: must lie in [0, 1000]");
    if (r1Interval < 1 || r1Interval > 64)
        out.push_back("R1 interval: " + std::to_string(r1Interval) + " is outside 1..64");
    return out;
}

const char* upsamplingName(DcganOptions::Upsampling upsampling)
{
    return upsampling == DcganOptions::Upsampling::ResizeConvolution ? "resize-convolution" : "transposed";
}

std::optional<DcganOptions::Upsampling> upsamplingFromName(const std::string& name)
{
    if (name == "transposed")
        return DcganOptions::Upsampling::Transposed;
    if (name == "resize-convolution")
        return DcganOptions::Upsampling::ResizeConvolution;
    return std::nullopt;
}

} // namespace tr::model
