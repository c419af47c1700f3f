#pragma once
// The DCGAN of Kikuchi et al. (Methods, "Generative adversarial network"), as
// defaults; every size is an option. Plain C++: the CLI and the studies layer
// read and write these without seeing LibTorch.

#include <optional>
#include <string>
#include <vector>

namespace tr::model {

struct DcganOptions {
    int resolution = 256;      // S: output S x S, S in {64, 128, 256} (the paper's matrix is 256)
    int latentSize = 100;      // uniform noise in [-1, 1]
    int generatorWidth = 32;   // last hidden layer's channels; the projection has 8x this (256)
    int discriminatorWidth = 32; // first layer's channels: 32, 64, 128, 256
    int kernelSize = 5;
    // The paper: "Batch normalization was performed except for the output layer",
    // i.e. also on the discriminator's first layer. Radford et al.'s DCGAN leaves
    // that layer without it; set false for that variant.
    bool discriminatorFirstLayerBatchNorm = true;
    double leakySlope = 0.2;
    // Target for real images in the discriminator's loss: 1 (the paper, DCGAN);
    // e.g. 0.9 for one-sided label smoothing (Salimans et al. 2016), which keeps
    // the discriminator from becoming overconfident.
    double realLabel = 1.0;
    // Weight of the mode-seeking term (Mao et al., CVPR 2019) added to the
    // generator's loss: weight / (mean |G(z1) - G(z2)| / mean |z1 - z2|) over the
    // two halves of each batch. 0 is the paper's plain DCGAN loss. On aligned
    // slices, which differ little from one another, the plain loss collapses to
    // one image within a few hundred steps; the term makes ignoring z costly.
    double modeSeekingWeight = 0.0;
    // Adam as in Radford et al. (the paper gives no values).
    double learningRate = 2e-4;
    double beta1 = 0.5;
    double beta2 = 0.999;
    int batchSize = 64;

    // --- Beyond the paper (all off in the paper's recipe; see trainingpreset.h) ---
    // How the generator doubles its image: the paper's transposed convolutions,
    // or nearest-neighbour upsampling then a convolution (Odena et al. 2016,
    // "Deconvolution and checkerboard artifacts"), which cannot make the
    // checkerboard that uneven kernel overlap prints on smooth tissue.
    enum class Upsampling { Transposed, ResizeConvolution };
    Upsampling upsampling = Upsampling::Transposed;
    // Exponential moving average of the generator's weights (Karras et al. 2018;
    // Yazici et al. 2019), used for generation and stored in the model: it
    // averages out the step-to-step wander of adversarial training. 0 = off;
    // e.g. 0.999 (a half-life of ~700 steps).
    double emaDecay = 0.0;
    // Differentiable augmentation (Zhao et al. 2020) of every image the
    // discriminator sees, real and created alike, in both updates: brightness,
    // contrast, translation by up to 1/8 of the side and a cutout of half the
    // side. It keeps the discriminator from memorising a small, homogeneous set;
    // the generator is never asked to make augmented images.
    bool diffAugment = false;
    // R1 gradient penalty on real images (Mescheder et al. 2018):
    // weight / 2 * E ||grad D(x)||^2, applied every r1Interval steps (lazy
    // regularisation, Karras et al. 2020, scaled by the interval). 0 = off.
    double r1Weight = 0.0;
    int r1Interval = 4;
    // bfloat16 autocast on the CPU with channels-last tensors. Only where the
    // CPU has bf16 instructions (AVX512-BF16 or AMX); see trainingpreset.h for
    // what it was measured to give.
    bool bfloat16 = false;

    // Problems with the values, each naming the option; empty when valid.
    std::vector<std::string> problems() const;
    bool operator==(const DcganOptions&) const = default;
};

// "transposed" / "resize-convolution", as the CLI, model files and checkpoints write them.
const char* upsamplingName(DcganOptions::Upsampling upsampling);
std::optional<DcganOptions::Upsampling> upsamplingFromName(const std::string& name);

} // namespace tr::model
