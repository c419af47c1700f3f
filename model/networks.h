#pragma once
// The generator and discriminator modules (LibTorch C++ frontend, XxxImpl +
// TORCH_MODULE). Internal to model/: include it only from model's .cpp files and
// from tests, so that LibTorch's headers stay out of everything else.

#include "core/createdimage.h"
#include "model/dcganoptions.h"

#include <torch/torch.h>

namespace tr::model {

// z [N, latent] -> image [N, 1, S, S] in [-1, 1].
// Linear projection to 8w x S/16 x S/16, then four transposed convolutions
// (kernel 5, stride 2, "same" padding) to 4w, 2w, w and 1 channels; batch norm
// after the projection and every convolution but the last; ReLU; tanh output.
// With Upsampling::ResizeConvolution each transposed convolution is instead a
// nearest-neighbour doubling and a stride-1 convolution of the same kernel
// ("upconvolutions", so that weights of one kind never load into the other).
class GeneratorImpl : public torch::nn::Module {
public:
    explicit GeneratorImpl(const DcganOptions& options);
    torch::Tensor forward(const torch::Tensor& z);

    torch::nn::Linear project{nullptr};
    torch::nn::BatchNorm2d projectNorm{nullptr};
    torch::nn::ModuleList deconvolutions; // or upconvolutions
    torch::nn::ModuleList norms; // one per deconvolution but the last

private:
    bool m_resize = false;
    int m_side = 0;
    int m_channels = 0;
};
TORCH_MODULE(Generator);

// image [N, 1, S, S] -> logit [N, 1].
// Four strided convolutions (kernel 5, stride 2) to w, 2w, 4w, 8w channels,
// LeakyReLU(0.2) after each, batch norm on all (or all but the first), then a
// linear logit.
class DiscriminatorImpl : public torch::nn::Module {
public:
    explicit DiscriminatorImpl(const DcganOptions& options);
    torch::Tensor forward(const torch::Tensor& image);

    torch::nn::ModuleList convolutions;
    torch::nn::ModuleList norms; // empty slots are Identity modules
    torch::nn::Linear logit{nullptr};

private:
    double m_slope = 0.2;
};
TORCH_MODULE(Discriminator);

// `count` images from the generator in evaluation mode; image i's latent vector
// is drawn from core::imageSeed(seed, i) on the CPU, so results repeat on any device.
std::vector<core::CreatedImage> generateImages(
    Generator& generator, const torch::Device& device, int latentSize, int side, std::uint64_t seed, int count);
// The images with these image seeds (core::CreatedImage::seed), made again exactly.
std::vector<core::CreatedImage> regenerateImages(Generator& generator, const torch::Device& device, int latentSize,
    int side, const std::vector<std::uint64_t>& imageSeeds);

// The generator's output ([-1, 1]) as the grey levels (uint8) a reader sees:
// [-1, 1] -> [0, 1], then the presentation window real slices pass through
// (core/presentation.h), with the same float operations and rounding.
torch::Tensor presentedGreys(const torch::Tensor& output);

// DCGAN initialisation (Radford et al.): convolution and linear weights from
// N(0, 0.02), batch-norm scales from N(1, 0.02), biases 0.
void initialiseWeights(torch::nn::Module& module);

} // namespace tr::model
