#pragma once
// A generator trained anywhere (PyTorch on a GPU: a StyleGAN, a diffusion
// sampler, another paper's GAN), exported to TorchScript, as a source of a
// study's created images (core/createdimagesource.h).
//
// What the module must say about itself, as attributes of the scripted module
// (README, "Bringing your own generator"):
//   latent_size  int     the latent's length, or
//   latent_shape [int]   its shape per image, e.g. [100, 1, 1] for a DCGAN
//   latent_distribution  "normal" (default) or "uniform" (in [-1, 1])
//   output_range [float, float]  what forward() returns for black and white
//                                (default [-1, 1], a tanh)
// forward(z) takes a batch of latents (N x latent_shape) and returns N grey
// images as N x 1 x S x S (or N x S x S). Loading runs one forward pass and
// refuses, naming the file and the fix, a module that returns colour, a
// non-square or 3D image, non-finite values or values outside its range.
// Every image keeps its seed and latent: the latent is drawn on the CPU from
// the image's own seed (core::imageSeed), so the same seed gives the same
// images on any device.

#include "core/createdimagesource.h"
#include "core/result.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tr::model {

// File names that are taken for TorchScript modules: .pt, .pth, .ts, .torchscript.
bool isTorchScriptPath(const std::filesystem::path& path);

struct TorchScriptSettings {
    std::vector<std::int64_t> latentShape; // per image
    bool normalLatent = true;              // false: uniform in [-1, 1]
    double outputLow = -1.0, outputHigh = 1.0;
};

class TorchScriptGenerator final : public core::CreatedImageSource {
public:
    static core::Result<std::unique_ptr<TorchScriptGenerator>> load(
        const std::filesystem::path& path, const std::string& device = "cpu");
    ~TorchScriptGenerator() override;

    const core::CreatedImageSourceInfo& info() const override;
    core::Result<std::vector<core::CreatedImage>> create(
        int count, std::uint64_t seed, const std::atomic<bool>& stop) override;

    const TorchScriptSettings& settings() const;
    long long parameterCount() const;

private:
    TorchScriptGenerator();
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace tr::model
